/** Machine-readable reasons a SIMD op rejects its arguments. */
export type SimdErrorCode = "SIZE_MISMATCH" | "INVALID_ARGUMENT";

/** Every error this package throws on bad input; `code` says which check failed, the message names the value. */
export class SimdError extends Error {
  readonly code: SimdErrorCode;
  constructor(code: SimdErrorCode, message: string) {
    super(message);
    this.name = "SimdError";
    this.code = code;
  }
}
