/**
 * Typed errors. Every error carries a stable `code` so callers can branch without parsing messages;
 * messages name the field, input or weight at fault.
 */

/** Why `parseLongformerConfig` rejected a config (`ConfigError`). */
export type ConfigErrorCode =
  /** Not a JSON object, or unreadable. */
  | "INVALID_CONFIG"
  /** A field with a value of the wrong type or range. */
  | "INVALID_CONFIG_VALUE"
  /** `model_type` names another model family. */
  | "NOT_LONGFORMER"
  /** `hidden_act` names an activation this package does not implement. */
  | "UNSUPPORTED_ACTIVATION";

/** Why `forward` rejected its inputs (`InputError`). */
export type InputErrorCode =
  | "EMPTY_INPUT"
  | "INVALID_INPUT"
  | "INVALID_RANK"
  | "RAGGED_INPUT"
  | "SHAPE_MISMATCH"
  | "SEQUENCE_TOO_LONG"
  | "INVALID_VALUE"
  | "INVALID_MASK_VALUE"
  | "TOKEN_ID_OUT_OF_RANGE"
  | "TOKEN_TYPE_OUT_OF_RANGE";

/** Why a checkpoint does not fit the model (`WeightsError`). */
export type WeightsErrorCode = "WEIGHTS_MISMATCH" | "MISSING_WEIGHT" | "WEIGHT_SHAPE_MISMATCH" | "WEIGHT_DTYPE";

/** Why a tfjs backend could not be used (`BackendError`). */
export type BackendErrorCode = "NO_BACKEND" | "UNKNOWN_BACKEND" | "BACKEND_UNAVAILABLE" | "BACKEND_INIT_FAILED";

/** Every code this package throws; `LongformerError` itself carries the last two. */
export type LongformerErrorCode =
  | ConfigErrorCode
  | InputErrorCode
  | WeightsErrorCode
  | BackendErrorCode
  /** An attention kernel name `@longformer-ts/attention` does not know. */
  | "UNKNOWN_KERNEL"
  /** The model was used after `dispose()`. */
  | "DISPOSED";

/** The base of every error of the Longformer packages; packages built on this one widen `Code` with their own. */
export class LongformerError<Code extends string = LongformerErrorCode> extends Error {
  readonly code: Code;
  constructor(code: Code, message: string) {
    super(message);
    this.name = "LongformerError";
    this.code = code;
  }
}

/** A `config.json` that is not a usable Longformer config. `field` is the JSON key at fault. */
export class ConfigError extends LongformerError<ConfigErrorCode> {
  readonly field: string | undefined;
  constructor(code: ConfigErrorCode, message: string, field?: string) {
    super(code, message);
    this.name = "ConfigError";
    this.field = field;
  }
}

/** Bad `forward` inputs: shapes, ids, masks, lengths. `input` is the offending argument. */
export class InputError extends LongformerError<InputErrorCode> {
  readonly input: string | undefined;
  constructor(code: InputErrorCode, message: string, input?: string) {
    super(code, message);
    this.name = "InputError";
    this.input = input;
  }
}

/** One weight whose shape differs from what the config implies. */
export interface WeightShapeMismatch {
  name: string;
  expected: number[];
  actual: number[];
}

/** Details of a failed weight check: all problems at once, plus what the checkpoint did hold. */
export interface WeightProblems {
  missing: string[];
  unexpected: string[];
  shapeMismatches: WeightShapeMismatch[];
  available: string[];
}

/** A checkpoint that does not match the model: missing, unexpected or mis-shaped tensors. */
export class WeightsError extends LongformerError<WeightsErrorCode> {
  readonly missing: string[];
  readonly unexpected: string[];
  readonly shapeMismatches: WeightShapeMismatch[];
  readonly available: string[];
  constructor(code: WeightsErrorCode, message: string, problems?: Partial<WeightProblems>) {
    super(code, message);
    this.name = "WeightsError";
    this.missing = problems?.missing ?? [];
    this.unexpected = problems?.unexpected ?? [];
    this.shapeMismatches = problems?.shapeMismatches ?? [];
    this.available = problems?.available ?? [];
  }
}

/** A tfjs backend that cannot be loaded or activated. */
export class BackendError extends LongformerError<BackendErrorCode> {
  constructor(code: BackendErrorCode, message: string) {
    super(code, message);
    this.name = "BackendError";
  }
}
