import { AppError as BaseAppError } from "@longformer-ts/cli-kit";

/**
 * Failures of the app itself (the packages throw their own typed errors). `code` decides the exit status:
 * `USAGE` is a bad command line (exit 2), everything else a failed run (exit 1).
 */
export type AppErrorCode = "USAGE" | "MODEL_NOT_FOUND" | "FIXTURE_MISSING";

export class AppError extends BaseAppError<AppErrorCode> {}
