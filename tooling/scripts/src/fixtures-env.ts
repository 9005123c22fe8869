import { resolveFromInvocationDir } from "@longformer-ts/test-helpers";

/**
 * The environment with `LONGFORMER_FIXTURES` made absolute against the directory the command was typed in.
 * Needed before turbo: every `pnpm run` turbo starts sets `INIT_CWD` to its package directory, so a relative
 * value would otherwise resolve against each package in turn.
 */
export function withAbsoluteFixtures(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const value = env.LONGFORMER_FIXTURES;
  return value ? { ...env, LONGFORMER_FIXTURES: resolveFromInvocationDir(value, env) } : env;
}
