/**
 * Every failure of this package is a `ConvertError` with a stable `code`, so callers (and the CLI's exit
 * status) can tell a corrupt file from a missing one or a refused pickle without parsing messages.
 */
export type ConvertErrorCode =
  | "INVALID_ARGUMENT"
  | "NOT_FOUND"
  | "NO_WEIGHTS"
  | "CONFIG_MISSING"
  | "CONFIG_INVALID"
  | "SAFETENSORS_HEADER"
  | "SAFETENSORS_OFFSETS"
  | "SAFETENSORS_TENSOR"
  | "UNSUPPORTED_DTYPE"
  | "INT_OUT_OF_RANGE"
  | "BAD_MAGIC"
  | "ZIP_INVALID"
  | "PICKLE_INVALID"
  | "PICKLE_FORBIDDEN_GLOBAL"
  | "PICKLE_UNSUPPORTED"
  | "PICKLE_TOO_DEEP"
  | "TORCH_INVALID"
  | "NOT_A_STATE_DICT"
  | "DUPLICATE_NAME"
  | "MANIFEST_INVALID"
  | "SHARD_INVALID"
  | "UNSAFE_PATH"
  | "OUTPUT_EXISTS"
  | "OUTPUT_NOT_REPLACEABLE"
  | "OUTPUT_NOT_DIRECTORY"
  | "WRITE_FAILED"
  | "DOWNLOAD_FAILED"
  | "HUB_NOT_FOUND"
  | "HUB_INVALID_FILE"
  | "OFFLINE_CACHE_MISS"
  | "INTEGRITY"
  | "NON_FINITE_WEIGHTS";

export class ConvertError extends Error {
  readonly code: ConvertErrorCode;

  constructor(code: ConvertErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConvertError";
    this.code = code;
  }
}

/** True for a ConvertError, optionally of one code. */
export function isConvertError(e: unknown, code?: ConvertErrorCode): e is ConvertError {
  return e instanceof ConvertError && (code === undefined || e.code === code);
}
