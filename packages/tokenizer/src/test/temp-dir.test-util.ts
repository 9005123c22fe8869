import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const created: string[] = [];

/** A fresh temporary directory; test files that make them call {@link removeTempDirs} in `afterAll`. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `longformer-ts-${prefix}-`));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
