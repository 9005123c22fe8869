import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Thrown when the shared fixtures are not where we look: tests must fail loudly, never skip. */
export class FixturesMissingError extends Error {
  readonly code = "FIXTURES_MISSING";
  constructor(readonly path: string) {
    super(
      `Fixtures not found at ${path}. They live in the shared/ folder beside the repository ` +
        "(../shared/fixtures from the repo root); set LONGFORMER_FIXTURES to the fixtures folder " +
        "(the one holding longformer/ and tokenizer/) to use another location.",
    );
    this.name = "FixturesMissingError";
  }
}

/** The monorepo root: the closest ancestor holding pnpm-workspace.yaml. */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
}

function mustExist(path: string): string {
  if (!existsSync(path)) throw new FixturesMissingError(path);
  return path;
}

/** `$LONGFORMER_FIXTURES`, else `<repo>/../shared/fixtures`. */
export function fixturesRoot(): string {
  const fromEnv = process.env.LONGFORMER_FIXTURES;
  return mustExist(fromEnv ? resolve(fromEnv) : resolve(repoRoot(), "..", "shared", "fixtures"));
}

/** The HF-format Longformer fixtures: `models/`, `golden/`. */
export function longformerFixturesDir(): string {
  return mustExist(join(fixturesRoot(), "longformer"));
}

/** A tokenizer fixture directory, e.g. `bert-base-uncased`. */
export function tokenizerFixtureDir(name = "bert-base-uncased"): string {
  return mustExist(join(fixturesRoot(), "tokenizer", name));
}
