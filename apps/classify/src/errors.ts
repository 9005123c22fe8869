import { AppError as BaseAppError } from "@longformer-ts/cli-kit";

/**
 * Failures of the app itself (the packages throw their own typed errors). `USAGE` (bad command line,
 * unusable input file, a model that does not fit the mode) exits with 2; the others with 1.
 */
export type AppErrorCode =
  | "USAGE"
  | "MODEL_NOT_FOUND"
  | "INPUT_UNREADABLE"
  /** The input is not text (an image, an archive, random bytes): classifying it would be meaningless. */
  | "BINARY_INPUT"
  | "INVALID_CHOICES"
  | "WRONG_HEAD";

/** Codes that mean "fix the command line or the input", not "the run broke" (exit 2). */
export const USAGE_CODES: ReadonlySet<string> = new Set<AppErrorCode>(["USAGE", "INVALID_CHOICES", "WRONG_HEAD"]);

export class AppError extends BaseAppError<AppErrorCode> {}
