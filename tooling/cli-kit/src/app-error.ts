/**
 * Failures of an app itself (the packages throw their own typed errors). Each app names its codes
 * (`class AppError extends BaseAppError<AppErrorCode> {}`) and which of them are usage errors.
 */
export class AppError<Code extends string = string> extends Error {
  readonly code: Code;
  constructor(code: Code, message: string, options?: { cause?: unknown }) {
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
