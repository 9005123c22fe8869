import { LongformerError } from "@longformer-ts/encoder";

/** Machine-readable reasons this package rejects a checkpoint, an input or an option. */
export type HeadsErrorCode =
  /** The checkpoint has the encoder but not the weights of the requested head (e.g. a classifier on an MLM checkpoint). */
  | "MISSING_HEAD_WEIGHTS"
  /** The checkpoint was saved for another head than the class asked to load it. */
  | "ARCHITECTURE_MISMATCH"
  /** `config.architectures` names a class this package does not implement. */
  | "UNSUPPORTED_ARCHITECTURE"
  /** A config value the head needs is absent (e.g. `max_sentence_length` for the HAT sentencizer). */
  | "MISSING_CONFIG_FIELD"
  /** An option value this head does not accept (unknown pooling, topK < 1, ...). */
  | "INVALID_OPTION"
  /** A forward input this head cannot use (wrong rank, sequence shorter than one block, bad position, ...). */
  | "INVALID_INPUT"
  /** A pipeline got an empty or whitespace-only text. */
  | "EMPTY_TEXT"
  /** fill-mask: the text has no mask token (or every mask fell outside the model's length limit). */
  | "NO_MASK_TOKEN"
  /** fill-mask: the tokenizer has no mask token at all. */
  | "TOKENIZER_HAS_NO_MASK"
  /** A pipeline was built without a tokenizer and none can be loaded from the source. */
  | "NO_TOKENIZER"
  /** `createPipeline` got a task name it does not know. */
  | "UNKNOWN_TASK"
  /** A pipeline's model produced NaN or ±Infinity logits (typically NaN/Inf weights): no score would mean anything. */
  | "NON_FINITE_OUTPUT"
  /** HF's question-answering / multiple-choice global attention needs exactly three seps per row. */
  | "SEPARATOR_COUNT"
  /** The model or pipeline was used after `dispose()`. */
  | "DISPOSED";

/** Every error of this package; `code` says which check failed, the message names the value at fault. */
export class HeadsError extends LongformerError<HeadsErrorCode> {
  constructor(code: HeadsErrorCode, message: string) {
    super(code, message);
    this.name = "HeadsError";
  }
}

/**
 * A checkpoint without the weights of the requested head: `missing` lists them. Typically a task head on a
 * pre-trained (MLM) checkpoint: the head has to be fine-tuned and saved first.
 */
export class MissingHeadWeightsError extends HeadsError {
  /** The head class that was being built. */
  readonly head: string;
  readonly missing: string[];
  /** `config.architectures` of the checkpoint (what it was saved as). */
  readonly checkpointArchitectures: string[];
  constructor(head: string, missing: string[], checkpointArchitectures: string[], message: string) {
    super("MISSING_HEAD_WEIGHTS", message);
    this.name = "MissingHeadWeightsError";
    this.head = head;
    this.missing = missing;
    this.checkpointArchitectures = checkpointArchitectures;
  }
}

/** `config.architectures` does not fit the requested class, or names a class this package does not implement. */
export class ArchitectureError extends HeadsError {
  readonly architectures: string[];
  constructor(code: "ARCHITECTURE_MISMATCH" | "UNSUPPORTED_ARCHITECTURE", message: string, architectures: string[]) {
    super(code, message);
    this.name = "ArchitectureError";
    this.architectures = architectures;
  }
}
