import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "./errors.js";

/** The fixture the demo falls back to: the longformer-mini-1024 shape with random weights. */
export const FALLBACK_FIXTURE = "mini-mlm";

function repoRootAbove(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Where the `mini-mlm` fixture is: `$LONGFORMER_FIXTURES/longformer/models/mini-mlm` (a relative value is
 * taken from the directory the command was typed in, `INIT_CWD` under pnpm), else the repository's own
 * `<repo>/fixtures/...`. Resolved here rather than through the test helpers, which are a development
 * dependency the app must not need at run time.
 */
export function fallbackFixtureDir(
  env: NodeJS.ProcessEnv = process.env,
  from: string = dirname(fileURLToPath(import.meta.url)),
): string {
  const given = env.LONGFORMER_FIXTURES;
  const repo = given ? undefined : repoRootAbove(from);
  const root = given ? resolve(env.INIT_CWD ?? process.cwd(), given) : repo ? join(repo, "fixtures") : undefined;
  const dir = root ? join(root, "longformer", "models", FALLBACK_FIXTURE) : undefined;
  if (!dir || !existsSync(join(dir, "config.json"))) {
    const where = dir ?? "<repo>/fixtures (no repository root found above the app)";
    throw new AppError(
      "FIXTURE_MISSING",
      `the fallback fixture ${FALLBACK_FIXTURE} is not at ${where}; ` +
        "set LONGFORMER_FIXTURES to a fixtures folder, or pass --model",
    );
  }
  return dir;
}
