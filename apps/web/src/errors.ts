/**
 * Failures the page itself detects (the packages throw their own typed errors). `code` names the problem;
 * the message says what to do about it.
 */
export type PageErrorCode = "UNKNOWN_BACKEND" | "MODEL_NOT_FOUND" | "MODEL_UNREACHABLE";

export class PageError extends Error {
  readonly code: PageErrorCode;
  constructor(code: PageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PageError";
    this.code = code;
  }
}
