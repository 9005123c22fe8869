import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { longformerFixturesDir, seededRandom as rng } from "@longformer-ts/test-helpers";
import { afterAll } from "vitest";

/** `<fixtures>/longformer/models/<name>`. */
export function modelDir(name: string): string {
  return join(longformerFixturesDir(), "models", name);
}

const cache = new Map<string, Uint8Array>();

/** A fixture file's bytes, read once per test file. Callers must not mutate them (copy first). */
export function fixtureBytes(model: string, file: string): Uint8Array {
  const path = join(modelDir(model), file);
  let bytes = cache.get(path);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(path));
    cache.set(path, bytes);
  }
  return bytes;
}

/** A temporary directory removed after the test file. */
export function tempDir(prefix = "convert-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export { rng };
