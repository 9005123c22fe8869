import { CommanderError } from "commander";
import { describeError } from "./app-error.js";

/** Exit statuses of every app: 0 done, 1 the run failed, 2 bad command line or input (fix it and run again). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Whether `e` carries one of the codes that mean "fix the command line or the input", not "the run broke". */
export function isUsageError(e: unknown, usageCodes: ReadonlySet<string>): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && usageCodes.has(code);
}

/** The status for a failure: `EXIT_USAGE` for a usage code, else `EXIT_FAILED`. */
export function exitStatusOf(e: unknown, usageCodes: ReadonlySet<string>): number {
  return isUsageError(e, usageCodes) ? EXIT_USAGE : EXIT_FAILED;
}

/** The status for what commander threw while parsing (`--help`/`--version` are 0), or undefined for anything else. */
export function parseFailureStatus(e: unknown): number | undefined {
  if (!(e instanceof CommanderError)) return undefined;
  return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
}

export interface FailureReport {
  log: (line: string) => void;
  env: NodeJS.ProcessEnv;
  usageCodes: ReadonlySet<string>;
}

/** Logs `error [CODE]: message` (plus the stack with `LONGFORMER_DEBUG`) and returns the exit status. */
export function reportFailure(e: unknown, { log, env, usageCodes }: FailureReport): number {
  const { code, message } = describeError(e);
  log(`error [${code}]: ${message}`);
  if (env.LONGFORMER_DEBUG) log((e as Error | null)?.stack ?? "");
  return exitStatusOf(e, usageCodes);
}
