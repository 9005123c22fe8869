import { AppError as BaseAppError } from "@longformer-ts/cli-kit";

/**
 * Failures of the app itself (the packages throw their own typed errors). Usage codes (a bad command line,
 * a queue that holds another task or model, a model without the task's head) exit with 2; the others with 1.
 * `DOCUMENT_*` codes are reasons a single document failed; they end up in its result line, not in the exit status.
 */
export type AppErrorCode =
  | "USAGE"
  | "QUEUE_MISMATCH"
  | "WRONG_HEAD"
  | "QUEUE_NOT_FOUND"
  | "MODEL_NOT_FOUND"
  | "MODEL_MISMATCH"
  | "INPUT_UNREADABLE"
  | "INVALID_INPUT_LINE"
  | "REDIS_UNREACHABLE"
  | "INCOMPLETE"
  | "DOCUMENT_TOO_LONG"
  | "DOCUMENT_UNDECODABLE";

export const USAGE_CODES: ReadonlySet<string> = new Set<AppErrorCode>(["USAGE", "QUEUE_MISMATCH", "WRONG_HEAD"]);

export class AppError extends BaseAppError<AppErrorCode> {}

export { describeError } from "@longformer-ts/cli-kit";
