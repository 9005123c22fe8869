import type { LoadedWeights, WeightMap } from "@longformer-ts/convert";
import type { BackendName, LongformerConfig } from "@longformer-ts/encoder";
import { LongformerTokenizer, type LongformerTokenizerCore } from "@longformer-ts/tokenizer";
import { LongformerTokenizer as FetchingTokenizer } from "@longformer-ts/tokenizer/browser";
import { HeadsError } from "../errors.js";
import { type HeadModelOptions, loadCheckpoint } from "../models/head-model.js";

/** Options every pipeline factory takes. */
export interface PipelineOptions extends HeadModelOptions {
  /** Activate this tfjs backend before loading. */
  backend?: BackendName;
  /**
   * The tokenizer to use. Default: the one beside the weights, read from a local directory or fetched from
   * the URL of a converted directory; required for `loadWeights` results.
   */
  tokenizer?: LongformerTokenizerCore;
}

/** A model and the tokenizer that feeds it, loaded from one place. */
async function loadPipelineParts<O extends PipelineOptions, M>(
  source: string | URL | LoadedWeights,
  options: O,
  modelName: string,
  build: (config: LongformerConfig, weights: WeightMap, modelOptions: Omit<O, "backend" | "tokenizer">) => M,
): Promise<{ model: M; tokenizer: LongformerTokenizerCore }> {
  const tokenizer = options.tokenizer ?? (await loadTokenizer(source));
  const head = { name: modelName, ignoreArchitecture: options.ignoreArchitecture };
  const { config, weights } = await loadCheckpoint(source, options.backend, head);
  const { backend: _backend, tokenizer: _tokenizer, ...modelOptions } = options;
  const specialTokenIds = {
    clsTokenId: tokenizer.specialTokens.cls.id,
    sepTokenId: tokenizer.specialTokens.sep.id,
    ...options.specialTokenIds,
  };
  return { model: build(config, weights, { ...modelOptions, specialTokenIds }), tokenizer };
}

/**
 * The tokenizer beside the weights: read from a local directory (the native backend when installed), fetched
 * from the URL of a converted directory (the tokenizer package's pure-JS entry, which only needs `fetch`).
 */
async function loadTokenizer(source: string | URL | LoadedWeights): Promise<LongformerTokenizerCore> {
  if (source instanceof URL || (typeof source === "string" && /^https?:\/\//i.test(source))) {
    return FetchingTokenizer.fromPretrained(source);
  }
  if (typeof source === "string") return LongformerTokenizer.fromPretrained(source);
  throw new HeadsError(
    "NO_TOKENIZER",
    "pipelines load the tokenizer from a checkpoint directory or the URL of a converted one; for a loadWeights result pass { tokenizer }",
  );
}

/** The longest layout the model accepts: `model_max_length`, and never more tokens than the position table holds. */
export function modelTokenLimit(config: LongformerConfig): number {
  const positions = config.maxPositionEmbeddings - config.padTokenId - 1;
  return Math.min(config.modelMaxLength ?? positions, positions);
}

/** Rejects anything but a text with at least one non-space character. */
export function checkText(text: unknown, what: string): string {
  if (typeof text !== "string") {
    throw new HeadsError("INVALID_INPUT", `${what} must be a string, got ${text === null ? "null" : typeof text}`);
  }
  if (text.trim() === "") throw new HeadsError("EMPTY_TEXT", `${what} is empty (or only whitespace): nothing to read`);
  return text;
}

/** `value ?? fallback`, which must be a positive integer (`INVALID_OPTION` naming `what` otherwise). */
export function batchSizeOption(value: number | undefined, fallback: number, what: string): number {
  const batchSize = value ?? fallback;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new HeadsError("INVALID_OPTION", `${what}: batchSize must be a positive integer, got ${batchSize}`);
  }
  return batchSize;
}

/** A pipeline class's static side, as `fromPretrained` needs it: its constructor and its model class. */
interface PipelineClass<P, M, O extends HeadModelOptions> {
  new (model: M, tokenizer: LongformerTokenizerCore): P;
  readonly modelClass: {
    readonly name: string;
    fromWeights(config: LongformerConfig, weights: WeightMap, options?: O): M;
  };
}

/** Shared loading and lifetime handling of pipelines. */
export abstract class Pipeline<M extends { dispose(): void }> {
  /**
   * Loads the model (the pipeline class's `modelClass`) and, from a local directory, its tokenizer; options are
   * the model's plus `backend` and `tokenizer`. Inherited by every pipeline, e.g. `FillMaskPipeline.fromPretrained(dir)`.
   */
  static async fromPretrained<P, M, O extends HeadModelOptions>(
    this: PipelineClass<P, M, O>,
    source: string | URL | LoadedWeights,
    options: PipelineOptions & O = {} as PipelineOptions & O,
  ): Promise<P> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the pipeline class it is called on.
    const modelName = this.modelClass.name;
    const { model, tokenizer } = await loadPipelineParts(source, options, modelName, (config, weights, modelOptions) =>
      // biome-ignore lint/complexity/noThisInStatic: `this` is the pipeline class it is called on.
      this.modelClass.fromWeights(config, weights, modelOptions as unknown as O),
    );
    return new this(model, tokenizer);
  }

  readonly model: M;
  readonly tokenizer: LongformerTokenizerCore;
  private disposed = false;

  constructor(model: M, tokenizer: LongformerTokenizerCore) {
    this.model = model;
    this.tokenizer = tokenizer;
  }

  protected checkAlive(): void {
    if (this.disposed) throw new HeadsError("DISPOSED", `${this.constructor.name} used after dispose()`);
  }

  /** Frees the model's weights (the tokenizer holds no tensors). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }
}
