export { AppError, describeError } from "./app-error.js";
export { CLI_BACKENDS, type CliBackend, registerBackend } from "./backend.js";
export {
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  exitStatusOf,
  type FailureReport,
  isUsageError,
  parseFailureStatus,
  reportFailure,
} from "./exit-status.js";
export { type CliIo, cliArgv, exitWhenFlushed, type ProgressStream, processIo } from "./process-io.js";
