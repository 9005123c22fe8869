export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean };

export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  /** Where relative paths start. */
  cwd: string;
  /** Aborted on SIGTERM/SIGINT: a worker stops taking jobs and finishes the ones it holds. */
  signal?: AbortSignal;
}

/** What every command gets: the streams and the stderr logger. */
export interface RunContext {
  io: CliIo;
  log: (line: string) => void;
}
