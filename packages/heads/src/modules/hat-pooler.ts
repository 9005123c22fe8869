import type { LongformerConfig, WeightReader, WeightSpec } from "@longformer-ts/encoder";
import { Linear, type LinearPart } from "@longformer-ts/encoder/modules";
import * as tf from "@tensorflow/tfjs-core";
import { HeadsError } from "../errors.js";

/**
 * HAT poolings: `'max'` and `'attentive'` pool the sentencizer's block vectors; `'first'` takes the token at
 * position 0, `'last'` the token at position `-max_sentence_length` (the first token of the last block).
 */
export type Pooling = "max" | "first" | "last" | "attentive";

export const POOLINGS: readonly Pooling[] = ["max", "first", "last", "attentive"];

/** Whether the pooling reads the sentencizer's block vectors (`'first'`/`'last'` read hidden states directly). */
export function poolingUsesSentencizer(pooling: Pooling): boolean {
  return pooling === "max" || pooling === "attentive";
}

export function checkPooling(value: unknown, allowed: readonly Pooling[], head: string): Pooling {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new HeadsError(
      "INVALID_OPTION",
      `${head}: pooling must be one of ${allowed.map((p) => `"${p}"`).join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value as Pooling;
}

/** HAT `AttentivePooling`: weights `softmax(tanh(v(lin_proj(s))))` over blocks, applied to `s` itself. */
class AttentivePooling {
  private readonly linProj: Linear;
  private readonly v: Linear;

  constructor(config: LongformerConfig, reader: WeightReader) {
    const parts = AttentivePooling.parts(config);
    this.linProj = Linear.fromReader(reader, parts.linProj);
    try {
      this.v = Linear.fromReader(reader, parts.v);
    } catch (error) {
      this.linProj.dispose();
      throw error;
    }
  }

  static parts(config: LongformerConfig): { linProj: LinearPart; v: LinearPart } {
    const h = config.hiddenSize;
    return {
      linProj: { name: "pooler.attentive_pooling.lin_proj", inFeatures: h, outFeatures: h },
      v: { name: "pooler.attentive_pooling.v", inFeatures: h, outFeatures: 1, bias: false },
    };
  }

  static weightSpecs(config: LongformerConfig): WeightSpec[] {
    const parts = AttentivePooling.parts(config);
    return [...Linear.weightSpecs(parts.linProj), ...Linear.weightSpecs(parts.v)];
  }

  /** sentences (B, n, H) -> (B, H). No mask: HAT lets padding blocks take part in the softmax. */
  forward(sentences: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const scores = tf.tanh(this.v.forward(this.linProj.forward(sentences))); // (B, n, 1)
      const weights = tf.softmax(tf.squeeze(scores, [2])); // (B, n)
      return tf.sum(tf.mul(tf.expandDims(weights, 2), sentences), 1) as tf.Tensor2D; // (B, H)
    });
  }

  dispose(): void {
    this.linProj.dispose();
    this.v.dispose();
  }
}

/** HAT `LongformerPooler`: a pooling, then `tanh(dense(.))` (`pooler.dense.*`). */
export class HatPooler {
  readonly pooling: Pooling;
  readonly blockSize: number;
  private readonly dense: Linear;
  private readonly attentive: AttentivePooling | undefined;

  constructor(config: LongformerConfig, reader: WeightReader, pooling: Pooling, blockSize: number) {
    this.pooling = pooling;
    this.blockSize = blockSize;
    this.dense = Linear.fromReader(reader, HatPooler.densePart(config));
    try {
      this.attentive = pooling === "attentive" ? new AttentivePooling(config, reader) : undefined;
    } catch (error) {
      this.dense.dispose();
      throw error;
    }
  }

  private static densePart(config: LongformerConfig): LinearPart {
    return { name: "pooler.dense", inFeatures: config.hiddenSize, outFeatures: config.hiddenSize };
  }

  static weightSpecs(config: LongformerConfig, pooling: Pooling): WeightSpec[] {
    return [
      ...Linear.weightSpecs(HatPooler.densePart(config)),
      ...(pooling === "attentive" ? AttentivePooling.weightSpecs(config) : []),
    ];
  }

  /**
   * hidden (B, L, H) and, for `'max'`/`'attentive'`, the sentencizer output (B, n, H) -> pooled (B, H).
   * `'last'` needs `L >= max_sentence_length` (checked by the model before the encoder runs).
   */
  forward(hidden: tf.Tensor3D, sentences: tf.Tensor3D | undefined): tf.Tensor2D {
    return tf.tidy(() => {
      const [batch, seqLen, h] = hidden.shape;
      const tokenAt = (position: number) =>
        tf.reshape(tf.slice(hidden, [0, position, 0], [batch, 1, h]), [batch, h]) as tf.Tensor2D; // (B, H)
      let summary: tf.Tensor2D; // (B, H)
      if (this.pooling === "first") summary = tokenAt(0);
      else if (this.pooling === "last") summary = tokenAt(seqLen - this.blockSize);
      else if (!sentences)
        throw new HeadsError("INVALID_INPUT", `pooling "${this.pooling}" needs the sentencizer output`);
      else if (this.attentive) summary = this.attentive.forward(sentences);
      else summary = tf.max(sentences, 1) as tf.Tensor2D;
      return tf.tanh(this.dense.forward(summary)) as tf.Tensor2D;
    });
  }

  dispose(): void {
    this.dense.dispose();
    this.attentive?.dispose();
  }
}
