import type { CliIo as BaseCliIo } from "@longformer-ts/cli-kit";

export type { ProgressStream } from "@longformer-ts/cli-kit";

export interface CliIo extends BaseCliIo {
  /** Aborted on SIGTERM/SIGINT: a worker stops taking jobs and finishes the ones it holds. */
  signal?: AbortSignal;
}

/** What every command gets: the streams and the stderr logger. */
export interface RunContext {
  io: CliIo;
  log: (line: string) => void;
}
