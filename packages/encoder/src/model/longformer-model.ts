import { type AttentionKernelName, isKernelName, KERNEL_NAMES, prepareAttentionMask } from "@longformer-ts/attention";
import { type LoadedWeights, loadWeights, type WeightMap } from "@longformer-ts/convert";
import type * as tf from "@tensorflow/tfjs-core";
import { type BackendName, prepareBackend, requireBackend } from "../backend.js";
import type { LongformerConfig } from "../config/longformer-config.js";
import { parseLongformerConfig } from "../config/parse-config.js";
import { LongformerError } from "../errors.js";
import { LongformerEmbeddings } from "../modules/embeddings.js";
import { LongformerEncoder } from "../modules/encoder.js";
import { LongformerPooler } from "../modules/pooler.js";
import { tidyResult } from "../modules/tidy.js";
import { WeightReader, type WeightSpec } from "../weights/weight-reader.js";
import { type LongformerInputs, prepareInputs } from "./inputs.js";
import { padToWindowSize } from "./padding.js";

export interface LongformerModelOutput {
  /** (B, L, H), L = the input length (HF's internal padding removed) */
  lastHiddenState: tf.Tensor3D;
  /** HF's `pooler_output` (B, H), only when the checkpoint has `pooler.dense.*` */
  poolerOutput?: tf.Tensor2D;
  /** `outputHiddenStates`: embedding output then every layer's output, each (B, L, H) */
  hiddenStates?: tf.Tensor3D[];
  /** `outputAttentions`: per layer (B, heads, L, G + attention_window + 1), HF's local layout */
  attentions?: tf.Tensor4D[];
  /** `outputAttentions` and some token global: per layer (B, heads, Lpadded, G); rows not cut back, as in HF */
  globalAttentions?: tf.Tensor4D[];
}

export interface ForwardOptions {
  outputHiddenStates?: boolean;
  outputAttentions?: boolean;
}

export interface ModelBuildOptions {
  /**
   * Name prefix of the encoder's weights: `"longformer."` for task checkpoints (HF `LongformerFor*`), `""` for a
   * bare `LongformerModel`. Default: detected from the names.
   */
  prefix?: string;
  /** Attention implementation (see @longformer-ts/attention); default `auto`. */
  kernel?: AttentionKernelName;
  /** Build HF's `pooler` (`pooler.dense.*`): `"auto"` (default) when the checkpoint has it. With `false` its weights are ignored. */
  pooler?: boolean | "auto";
}

export interface FromPretrainedOptions extends ModelBuildOptions {
  /** Activate this tfjs backend first (`useBackend`); without it some backend must be registered already (`NO_BACKEND`). */
  backend?: BackendName;
}

const WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";

/** `"longformer."` when the checkpoint stores the encoder under it (task checkpoints), else `""`. */
export function detectPrefix(weights: WeightMap): string {
  if (weights.has(`longformer.${WORD_EMBEDDINGS}`)) return "longformer.";
  if (weights.has(WORD_EMBEDDINGS)) return "";
  return [...weights.keys()].some((k) => k.startsWith("longformer.")) ? "longformer." : "";
}

/** Rejects an unknown kernel before any weight tensor exists (nothing to clean up). */
function checkKernel(kernel: AttentionKernelName | undefined): void {
  if (kernel !== undefined && !isKernelName(kernel)) {
    throw new LongformerError(
      "UNKNOWN_KERNEL",
      `unknown attention kernel "${String(kernel)}"; known: ${KERNEL_NAMES.join(", ")}`,
    );
  }
}

function resolvePooler(weights: WeightMap, prefix: string, pooler: boolean | "auto" = "auto"): boolean {
  return pooler === "auto" ? weights.has(`${prefix}pooler.dense.weight`) : pooler;
}

/**
 * HF `LongformerModel`: embeddings, encoder (sliding-window + global attention) and, when the checkpoint
 * has one, the pooler. Module and weight names follow HF, so a checkpoint name leads to the code using it.
 *
 * @example
 * const model = await LongformerModel.fromPretrained("path/to/longformer-mini-1024", { backend: "wasm" });
 * const out = model.forward({ inputIds: [[101, 7592, 2088, 102]], globalAttentionMask: [[1, 0, 0, 1]] });
 * out.lastHiddenState.shape; // [1, 4, 256]
 * out.lastHiddenState.dispose();
 * model.dispose();
 */
export class LongformerModel {
  readonly config: LongformerConfig;
  /** The weight name prefix this model was built from (`"longformer."` or `""`). */
  readonly prefix: string;
  readonly embeddings: LongformerEmbeddings;
  readonly encoder: LongformerEncoder;
  readonly pooler: LongformerPooler | undefined;
  private disposed = false;

  private constructor(
    config: LongformerConfig,
    reader: WeightReader,
    prefix: string,
    pooler: boolean,
    kernel?: AttentionKernelName,
  ) {
    this.config = config;
    this.prefix = prefix;
    const built: { dispose(): void }[] = [];
    try {
      this.embeddings = new LongformerEmbeddings(config, reader, `${prefix}embeddings.`);
      built.push(this.embeddings);
      this.encoder = new LongformerEncoder(config, reader, `${prefix}encoder.`, kernel);
      built.push(this.encoder);
      this.pooler = pooler ? new LongformerPooler(config, reader, `${prefix}pooler.`) : undefined;
    } catch (error) {
      for (const module of built) module.dispose();
      throw error;
    }
  }

  /** Every tensor name and shape the model reads for `config` (checkpoint names, HF layout). */
  static weightSpecs(config: LongformerConfig, options: { prefix?: string; pooler?: boolean } = {}): WeightSpec[] {
    const prefix = options.prefix ?? "longformer.";
    return [
      ...LongformerEmbeddings.weightSpecs(config, `${prefix}embeddings.`),
      ...LongformerEncoder.weightSpecs(config, `${prefix}encoder.`),
      ...(options.pooler ? LongformerPooler.weightSpecs(config, `${prefix}pooler.`) : []),
    ];
  }

  /**
   * Loads config and weights through @longformer-ts/convert's `loadWeights` (converted directory, raw HF
   * directory with safetensors or pytorch_model.bin, or the URL of a converted directory), or takes the
   * result of a `loadWeights` call.
   */
  static async fromPretrained(
    source: string | URL | LoadedWeights,
    options: FromPretrainedOptions = {},
  ): Promise<LongformerModel> {
    await prepareBackend(options.backend);
    const loaded = typeof source === "string" || source instanceof URL ? await loadWeights(source) : source;
    return LongformerModel.fromWeights(parseLongformerConfig(loaded.config), loaded.weights, options);
  }

  /**
   * Builds the model from a weight map. Checks the complete key set under the prefix and every shape before
   * creating any tensor; a mismatch throws one `WeightsError` listing missing, unexpected and available names.
   */
  static fromWeights(config: LongformerConfig, weights: WeightMap, options: ModelBuildOptions = {}): LongformerModel {
    requireBackend();
    checkKernel(options.kernel);
    const prefix = options.prefix ?? detectPrefix(weights);
    const pooler = resolvePooler(weights, prefix, options.pooler);
    const reader = new WeightReader(weights);
    reader.check(LongformerModel.weightSpecs(config, { prefix, pooler }), {
      scope: prefix,
      // Old HF checkpoints saved the position_ids buffer; HF ignores it on load, and so do we (and a pooler we were told to skip).
      ignore: (name) => name === `${prefix}embeddings.position_ids` || (!pooler && name.startsWith(`${prefix}pooler.`)),
    });
    return new LongformerModel(config, reader, prefix, pooler, options.kernel);
  }

  /**
   * Builds the model from a reader the caller has already checked (a task head checks the encoder's and its own
   * names together with `weightSpecs` + `WeightReader.check`).
   */
  static fromWeightReader(
    config: LongformerConfig,
    reader: WeightReader,
    options: ModelBuildOptions = {},
  ): LongformerModel {
    requireBackend();
    checkKernel(options.kernel);
    const prefix = options.prefix ?? detectPrefix(reader.weights);
    return new LongformerModel(
      config,
      reader,
      prefix,
      resolvePooler(reader.weights, prefix, options.pooler),
      options.kernel,
    );
  }

  /** The largest `attention_window`: inputs are padded internally to a multiple of it. */
  get paddingMultiple(): number {
    return Math.max(...this.config.attentionWindow);
  }

  /**
   * Runs the encoder (synchronously). Inputs are validated first (`InputError`); the returned tensors belong
   * to the caller, every temporary is freed.
   */
  forward(inputs: LongformerInputs, options: ForwardOptions = {}): LongformerModelOutput {
    if (this.disposed) throw new LongformerError("DISPOSED", "LongformerModel.forward called after dispose()");
    const prepared = prepareInputs(inputs, this.config);
    const padded = padToWindowSize(prepared, this.paddingMultiple, this.config.padTokenId);
    const mask = prepareAttentionMask(padded.attentionMask, padded.globalAttentionMask, padded.batch, padded.seqLen);
    return tidyResult(() => {
      const embeddingOutput = this.embeddings.forward(padded); // (B, Lpadded, H)
      const encoded = this.encoder.forward(embeddingOutput, mask, {
        paddingLen: padded.paddingLen,
        outputHiddenStates: options.outputHiddenStates ?? false,
        outputAttentions: options.outputAttentions ?? false,
      });
      const output: LongformerModelOutput = { ...encoded };
      if (this.pooler) output.poolerOutput = this.pooler.forward(encoded.lastHiddenState);
      return output;
    });
  }

  /** Frees every weight tensor. The model cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.embeddings.dispose();
    this.encoder.dispose();
    this.pooler?.dispose();
  }
}
