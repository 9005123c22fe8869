/** Machine-readable reasons an attention call or setup is rejected. */
export type AttentionErrorCode =
  | "INVALID_CONFIG"
  | "INVALID_PARAMS"
  | "INVALID_MASK"
  | "SHAPE_MISMATCH"
  | "UNKNOWN_KERNEL"
  | "UNSUPPORTED_DTYPE"
  | "DISPOSED";

/** Every error this package throws on bad input; `code` says which check failed, the message names the value. */
export class AttentionError extends Error {
  readonly code: AttentionErrorCode;
  constructor(code: AttentionErrorCode, message: string) {
    super(message);
    this.name = "AttentionError";
    this.code = code;
  }
}
