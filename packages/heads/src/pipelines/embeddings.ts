import type { WeightMap } from "@longformer-ts/convert";
import { type LongformerConfig, LongformerModel } from "@longformer-ts/encoder";
import { tidyResult } from "@longformer-ts/encoder/modules";
import * as tf from "@tensorflow/tfjs-core";
import { HeadsError } from "../errors.js";
import type { HeadModelOptions } from "../models/head-model.js";
import { batchSizeOption, checkText, modelTokenLimit, Pipeline } from "./pipeline-base.js";
import { encodePlainBatch } from "./plain-layout.js";
import type { PipelineWarning } from "./warnings.js";

/** How token vectors become one document vector. */
export type EmbeddingPooling = "cls" | "mean" | "max";

const POOLINGS: readonly EmbeddingPooling[] = ["cls", "mean", "max"];

export interface EmbedOptions {
  /** Default `"mean"` (over real tokens only, `[CLS]`/`[SEP]` included, padding never). */
  pooling?: EmbeddingPooling;
  /** Scale every vector to unit L2 length (cosine similarity = dot product). Default false. */
  normalize?: boolean;
  /** Texts per forward pass (default 8). */
  batchSize?: number;
}

export interface Embeddings {
  /** One vector per text, in order. */
  embeddings: number[][];
  dimension: number;
  /** `TRUNCATED` per text longer than the model (its end was not read). */
  warnings: PipelineWarning[];
}

/** The encoder of any checkpoint (task heads and HF's pooler are ignored). */
export const encoderOnly = {
  name: "LongformerModel",
  fromWeights(config: LongformerConfig, weights: WeightMap, options: HeadModelOptions = {}): LongformerModel {
    return LongformerModel.fromWeights(config, weights, {
      pooler: false,
      ...(options.kernel && { kernel: options.kernel }),
      ...(options.prefix !== undefined && { prefix: options.prefix }),
    });
  },
};

/**
 * Document embeddings from the encoder of any Longformer checkpoint (HF `feature-extraction` plus pooling), for
 * retrieval over long documents. Each text is `[CLS] text [SEP]` with global attention on `[CLS]`; texts in a
 * batch are padded to the longest, and the padding is masked, so a text's vector does not depend on its batch.
 *
 * @example
 * const embedder = await EmbeddingPipeline.fromPretrained("models/longformer-mini-1024");
 * const { embeddings } = await embedder.embed([docA, docB], { pooling: "mean", normalize: true });
 * embedder.dispose();
 */
export class EmbeddingPipeline extends Pipeline<LongformerModel> {
  static readonly modelClass = encoderOnly;

  async embed(input: string | string[], options: EmbedOptions = {}): Promise<Embeddings> {
    this.checkAlive();
    const texts = Array.isArray(input) ? input : [input];
    if (texts.length === 0) throw new HeadsError("EMPTY_TEXT", "embed: the list of texts is empty");
    texts.forEach((t, i) => {
      checkText(t, `embed: texts[${i}]`);
    });
    const pooling = options.pooling ?? "mean";
    if (!POOLINGS.includes(pooling)) {
      throw new HeadsError(
        "INVALID_OPTION",
        `embed: pooling must be "cls", "mean" or "max", got ${JSON.stringify(pooling)}`,
      );
    }
    const batchSize = batchSizeOption(options.batchSize, 8, "embed");
    const limit = modelTokenLimit(this.model.config);
    const embeddings: number[][] = [];
    const warnings: PipelineWarning[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      const batch = await encodePlainBatch(
        this.tokenizer,
        texts.slice(start, start + batchSize),
        limit,
        (i) => `embed: text ${start + i}`,
      );
      warnings.push(...batch.warnings.flat());
      embeddings.push(...this.embedRows(batch.inputIds, batch.attentionMask, pooling, options.normalize ?? false));
    }
    return { embeddings, dimension: this.model.config.hiddenSize, warnings };
  }

  private embedRows(
    inputIds: number[][],
    attentionMask: number[][],
    pooling: EmbeddingPooling,
    normalize: boolean,
  ): number[][] {
    const seqLen = inputIds[0]?.length ?? 0;
    const globalAttentionMask = inputIds.map(() => Array.from({ length: seqLen }, (_, i) => (i === 0 ? 1 : 0)));
    const pooled = tidyResult(() => {
      const out = this.model.forward({ inputIds, attentionMask, globalAttentionMask });
      const hidden = out.lastHiddenState; // (B, L, H)
      const mask = tf.expandDims(tf.tensor2d(attentionMask, undefined, "float32"), 2); // (B, L, 1)
      let vectors: tf.Tensor2D;
      if (pooling === "cls") vectors = tf.squeeze(tf.slice(hidden, [0, 0, 0], [-1, 1, -1]), [1]);
      else if (pooling === "mean") vectors = tf.div(tf.sum(tf.mul(hidden, mask), 1), tf.sum(mask, 1));
      else vectors = tf.max(tf.add(hidden, tf.mul(tf.sub(1, mask), -1e9)), 1); // padding never wins
      return normalize ? tf.div(vectors, tf.norm(vectors, 2, 1, true)) : vectors;
    });
    try {
      return pooled.arraySync() as number[][];
    } finally {
      pooled.dispose();
    }
  }
}
