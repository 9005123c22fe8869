/**
 * Typed errors. Every error carries a stable `code` so callers can branch without parsing messages;
 * messages name the field, input or weight at fault.
 */
export class LongformerError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "LongformerError";
    this.code = code;
  }
}

/** A `config.json` that is not a usable Longformer config. `field` is the JSON key at fault. */
export class ConfigError extends LongformerError {
  readonly field: string | undefined;
  constructor(code: string, message: string, field?: string) {
    super(code, message);
    this.name = "ConfigError";
    this.field = field;
  }
}

/** Bad `forward` inputs: shapes, ids, masks, lengths. `input` is the offending argument. */
export class InputError extends LongformerError {
  readonly input: string | undefined;
  constructor(code: string, message: string, input?: string) {
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
export class WeightsError extends LongformerError {
  readonly missing: string[];
  readonly unexpected: string[];
  readonly shapeMismatches: WeightShapeMismatch[];
  readonly available: string[];
  constructor(code: string, message: string, problems?: Partial<WeightProblems>) {
    super(code, message);
    this.name = "WeightsError";
    this.missing = problems?.missing ?? [];
    this.unexpected = problems?.unexpected ?? [];
    this.shapeMismatches = problems?.shapeMismatches ?? [];
    this.available = problems?.available ?? [];
  }
}

/** A tfjs backend that cannot be loaded or activated. */
export class BackendError extends LongformerError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = "BackendError";
  }
}
