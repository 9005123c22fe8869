import type { CliIo } from "@longformer-ts/cli-kit";
import type { CliBackend } from "./load-pipeline.js";

export type { CliIo };

export interface CliOptions {
  model: string;
  sentences?: boolean;
  choices?: string;
  question?: string;
  entities?: boolean;
  json?: boolean;
  backend: CliBackend;
  revision: string;
  offline?: boolean;
  endpoint?: string;
  cacheDir?: string;
  progress: boolean;
}

/** What every step of a run gets: the streams, the options and the stderr logger. */
export interface RunContext {
  io: CliIo;
  opts: CliOptions;
  log: (line: string) => void;
}
