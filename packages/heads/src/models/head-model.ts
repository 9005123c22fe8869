import { type LoadedWeights, loadWeights, type WeightMap } from "@longformer-ts/convert";
import {
  type BackendName,
  type ForwardOptions,
  type LongformerConfig,
  type LongformerInputs,
  LongformerModel,
  type LongformerModelOutput,
  type ModelBuildOptions,
  parseLongformerConfig,
  prepareBackend,
  type WeightReader,
} from "@longformer-ts/encoder";
import * as tf from "@tensorflow/tfjs-core";
import { type GlobalTokenIds, resolveGlobalTokenIds, type SpecialTokenFallback } from "../config/special-tokens.js";
import { HeadsError } from "../errors.js";
import { type GlobalAttentionPolicy, isGlobalAttentionPolicy } from "../inputs/global-attention.js";
import { type HeadInputs, prepareHeadInputs, toEncoderInputs, toNestedRows } from "../inputs/head-inputs.js";
import type { HeadTask } from "../tasks/task-table.js";
import type { HeadWeightOptions } from "../weights/head-weights.js";
import { checkArchitecturesSupported } from "./architectures.js";

/** Options every head model takes when it is built. */
export interface HeadModelOptions extends HeadWeightOptions {
  /** Attention implementation (see @longformer-ts/attention); default `auto`. */
  kernel?: ModelBuildOptions["kernel"];
  /**
   * Global attention when `forward` gets no `globalAttentionMask`. Default `"special-tokens"` (HAT: every
   * CLS/SEP token); HF's classification head defaults to `"first-token"`.
   */
  globalAttention?: GlobalAttentionPolicy;
  /** CLS/SEP ids for configs that do not state them (pipelines pass the tokenizer's). */
  specialTokenIds?: SpecialTokenFallback;
}

export interface HeadFromPretrainedOptions extends HeadModelOptions {
  /** Activate this tfjs backend first. */
  backend?: BackendName;
}

/** Outputs every head returns. All tensors belong to the caller (`disposeOutput` frees them). */
export interface HeadModelOutput {
  /** Encoder output (B, L, H); multiple choice: (B * choices, L, H). */
  lastHiddenState: tf.Tensor3D;
  /** `outputHiddenStates`: embedding output and every layer's output, each like `lastHiddenState`. */
  hiddenStates?: tf.Tensor3D[];
  /** `outputAttentions`: HF's local attention probabilities per layer. */
  attentions?: tf.Tensor4D[];
  /** `outputAttentions` with global tokens: HF's global attention probabilities per layer. */
  globalAttentions?: tf.Tensor4D[];
  /** The global attention mask that was used, one row per encoder row. */
  globalAttentionMask: number[][];
}

export type { ForwardOptions };

/**
 * A checkpoint as a config + weight map, loaded from a directory/URL when given as one. The backend comes
 * first: `backend` is activated, or else a registered one is required (`BackendError` `NO_BACKEND` naming the
 * packages to add, instead of tfjs's "No backend found in registry" at the first tensor).
 */
export async function loadCheckpoint(
  source: string | URL | LoadedWeights,
  backend?: BackendName,
  head?: { name: string; ignoreArchitecture?: boolean | undefined },
): Promise<{ config: LongformerConfig; weights: WeightMap }> {
  await prepareBackend(backend);
  const loaded = typeof source === "string" || source instanceof URL ? await loadWeights(source) : source;
  const config = parseLongformerConfig(loaded.config);
  if (head) checkArchitecturesSupported(config, head.name, head.ignoreArchitecture);
  return { config, weights: loaded.weights };
}

/** Builds the encoder from a checked reader, then the head; frees the encoder when the head fails to build. */
export function buildWithEncoder<T>(
  config: LongformerConfig,
  reader: WeightReader,
  prefix: string,
  options: HeadModelOptions,
  buildHead: (encoder: LongformerModel) => T,
): T {
  const buildOptions: ModelBuildOptions = { prefix, pooler: false };
  if (options.kernel) buildOptions.kernel = options.kernel;
  const encoder = LongformerModel.fromWeightReader(config, reader, buildOptions);
  try {
    return buildHead(encoder);
  } catch (error) {
    encoder.dispose();
    throw error;
  }
}

/** Frees every tensor of a head output (tensors, arrays of tensors; plain values are left alone). */
export function disposeOutput(output: object): void {
  for (const value of Object.values(output)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isTensor(item)) item.dispose();
    } else if (isTensor(value)) value.dispose();
  }
}

function isTensor(value: unknown): value is tf.Tensor {
  return value instanceof tf.Tensor;
}

/** What the shared encoder step hands to a head. */
export interface EncodedBatch {
  inputs: HeadInputs;
  encoded: LongformerModelOutput;
  globalAttentionMask: number[][];
}

/** A head class's static side, as `fromPretrained` needs it: how to build the head from loaded weights. */
interface HeadClass<M, O extends HeadModelOptions> {
  readonly name: string;
  fromWeights(config: LongformerConfig, weights: WeightMap, options?: O): M;
}

/**
 * Shared part of the HAT heads: the encoder, the global-attention rule, and the label names. Subclasses add
 * their modules and `forward`.
 */
export abstract class HeadModel {
  /**
   * Loads a checkpoint (a converted directory, a raw HF directory, a URL, or weights already loaded) and
   * builds the head with the class's own `fromWeights`; `options.backend` is activated first. Inherited by
   * every head class, e.g. `LongformerForMaskedLM.fromPretrained(dir)`.
   */
  static async fromPretrained<M, O extends HeadModelOptions>(
    this: HeadClass<M, O>,
    source: string | URL | LoadedWeights,
    options: O & HeadFromPretrainedOptions = {} as O & HeadFromPretrainedOptions,
  ): Promise<M> {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the head class it is called on, not HeadModel.
    const head = { name: this.name, ignoreArchitecture: options.ignoreArchitecture };
    const { config, weights } = await loadCheckpoint(source, options.backend, head);
    // biome-ignore lint/complexity/noThisInStatic: as above.
    return this.fromWeights(config, weights, options);
  }

  abstract readonly task: HeadTask;
  readonly config: LongformerConfig;
  readonly encoder: LongformerModel;
  /** Ids that get global attention under `"special-tokens"`. */
  readonly globalTokenIds: GlobalTokenIds;
  readonly globalAttention: GlobalAttentionPolicy;
  private disposed = false;

  protected constructor(
    config: LongformerConfig,
    encoder: LongformerModel,
    options: HeadModelOptions,
    defaultPolicy: GlobalAttentionPolicy,
  ) {
    const policy = options.globalAttention ?? defaultPolicy;
    if (!isGlobalAttentionPolicy(policy)) {
      throw new HeadsError(
        "INVALID_OPTION",
        `globalAttention must be "special-tokens", "first-token" or "none", got ${JSON.stringify(policy)}`,
      );
    }
    this.config = config;
    this.encoder = encoder;
    this.globalAttention = policy;
    this.globalTokenIds = resolveGlobalTokenIds(config, options.specialTokenIds);
  }

  /** `id2label` as a list indexed by class id. */
  get labels(): string[] {
    return Array.from({ length: this.config.numLabels }, (_, i) => this.config.id2label[i] ?? `LABEL_${i}`);
  }

  protected checkAlive(): void {
    if (this.disposed) throw new HeadsError("DISPOSED", `${this.constructor.name}.forward called after dispose()`);
  }

  /** Validates inputs, settles the global mask and runs the encoder (the caller wraps this in a tidy). */
  protected encode(
    inputs: LongformerInputs,
    options: ForwardOptions,
    check?: (prepared: HeadInputs) => void,
  ): EncodedBatch {
    this.checkAlive();
    const prepared = prepareHeadInputs(inputs, this.config, this.globalAttention, this.globalTokenIds);
    check?.(prepared);
    const encoded = this.encoder.forward(toEncoderInputs(prepared), options);
    return {
      inputs: prepared,
      encoded,
      globalAttentionMask: toNestedRows(prepared.globalAttentionMask, prepared.batch, prepared.seqLen),
    };
  }

  /** The encoder outputs every head passes through. */
  protected passThrough(batch: EncodedBatch): HeadModelOutput {
    const { encoded } = batch;
    const out: HeadModelOutput = {
      lastHiddenState: encoded.lastHiddenState,
      globalAttentionMask: batch.globalAttentionMask,
    };
    if (encoded.hiddenStates) out.hiddenStates = encoded.hiddenStates;
    if (encoded.attentions) out.attentions = encoded.attentions;
    if (encoded.globalAttentions) out.globalAttentions = encoded.globalAttentions;
    return out;
  }

  /** Frees the head's own weights. */
  protected abstract disposeHead(): void;

  /** Frees every weight tensor; the model cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeHead();
    this.encoder.dispose();
  }
}
