import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Thrown when the fixtures are not where we look: tests must fail loudly, never skip. */
export class FixturesMissingError extends Error {
  readonly code = "FIXTURES_MISSING";
  constructor(readonly path: string) {
    super(
      `Fixtures not found at ${path}. The repository carries them in its fixtures/ folder ` +
        "(refreshed from the upstream ../shared/fixtures by `pnpm fixtures:sync`); if that folder is missing, " +
        "the clone is incomplete. LONGFORMER_FIXTURES, when set, must name a folder holding longformer/ and " +
        "tokenizer/ (a relative value resolves against the directory the command was typed in).",
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

/**
 * A path the user typed, made absolute against the directory they typed the command in. pnpm runs a
 * package's script in the package directory but records where it was called from in `INIT_CWD` (every pnpm
 * process overwrites it with its own cwd, so under the root `pnpm test` -> turbo -> `pnpm run test` it names
 * the package: the root scripts therefore make `LONGFORMER_FIXTURES` absolute before turbo starts).
 */
export function resolveFromInvocationDir(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return isAbsolute(path) ? path : resolve(env.INIT_CWD || process.cwd(), path);
}

function mustExist(path: string): string {
  if (!existsSync(path)) throw new FixturesMissingError(path);
  return path;
}

export interface FixturesRootOptions {
  /** Where `LONGFORMER_FIXTURES` and `INIT_CWD` are read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** A directory inside the repository whose `fixtures/` is the default (default: this package's). */
  from?: string;
}

/** `$LONGFORMER_FIXTURES` (relative: against the directory the command was typed in), else `<repo>/fixtures`. */
export function fixturesRoot({ env = process.env, from }: FixturesRootOptions = {}): string {
  const fromEnv = env.LONGFORMER_FIXTURES;
  return mustExist(fromEnv ? resolveFromInvocationDir(fromEnv, env) : join(repoRoot(from), "fixtures"));
}

/** The HF-format Longformer fixtures: `models/`, `golden/`. */
export function longformerFixturesDir(options?: FixturesRootOptions): string {
  return mustExist(join(fixturesRoot(options), "longformer"));
}

/** A tokenizer fixture directory, e.g. `bert-base-uncased`. */
export function tokenizerFixtureDir(name = "bert-base-uncased", options?: FixturesRootOptions): string {
  return mustExist(join(fixturesRoot(options), "tokenizer", name));
}
