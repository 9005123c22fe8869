/**
 * Failures of the app itself (the packages throw their own typed errors). Usage codes (a bad command line,
 * a queue that holds another task or model, a model without the task's head) exit with 2; the others with 1.
 * `DOCUMENT_*` codes are reasons a single document failed; they end up in its result line, not in the exit status.
 */
export type AppErrorCode =
  | "USAGE"
  | "TASK_NOT_AVAILABLE"
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

export const USAGE_CODES: ReadonlySet<string> = new Set<AppErrorCode>([
  "USAGE",
  "TASK_NOT_AVAILABLE",
  "QUEUE_MISMATCH",
  "WRONG_HEAD",
]);

export class AppError extends Error {
  readonly code: AppErrorCode;
  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
  }
}

/** `{code, message}` of any thrown value (`ERROR` when it carries no string code). */
export function describeError(e: unknown): { code: string; message: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return {
    code: typeof code === "string" ? code : "ERROR",
    message: (e as Error | null)?.message ?? String(e),
  };
}
