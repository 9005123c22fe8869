import type { LongformerConfig, WeightReader, WeightSpec } from "@longformer-ts/encoder";
import { Linear, type LinearPart } from "@longformer-ts/encoder/modules";
import * as tf from "@tensorflow/tfjs-core";

/**
 * HF `LongformerClassificationHead` (`classifier.dense`, `classifier.out_proj`): the first token's hidden state
 * -> dense -> tanh -> out_proj. Used by HF's `LongformerForSequenceClassification` checkpoints.
 */
export class HfClassificationHead {
  private readonly dense: Linear;
  private readonly outProj: Linear;

  constructor(config: LongformerConfig, reader: WeightReader) {
    const parts = HfClassificationHead.parts(config);
    this.dense = Linear.fromReader(reader, parts.dense);
    try {
      this.outProj = Linear.fromReader(reader, parts.outProj);
    } catch (error) {
      this.dense.dispose();
      throw error;
    }
  }

  static parts(config: LongformerConfig): { dense: LinearPart; outProj: LinearPart } {
    const h = config.hiddenSize;
    return {
      dense: { name: "classifier.dense", inFeatures: h, outFeatures: h },
      outProj: { name: "classifier.out_proj", inFeatures: h, outFeatures: config.numLabels },
    };
  }

  static weightSpecs(config: LongformerConfig): WeightSpec[] {
    const parts = HfClassificationHead.parts(config);
    return [...Linear.weightSpecs(parts.dense), ...Linear.weightSpecs(parts.outProj)];
  }

  /** hidden (B, L, H) -> { pooled (B, H) after dense + tanh, logits (B, numLabels) } */
  forward(hidden: tf.Tensor3D): { pooled: tf.Tensor2D; logits: tf.Tensor2D } {
    return tf.tidy(() => {
      const [batch, , h] = hidden.shape;
      const first = tf.reshape(tf.slice(hidden, [0, 0, 0], [batch, 1, h]), [batch, h]); // (B, H)
      const pooled = tf.tanh(this.dense.forward(first)) as tf.Tensor2D; // (B, H)
      return { pooled, logits: this.outProj.forward(pooled) as tf.Tensor2D }; // (B, numLabels)
    });
  }

  dispose(): void {
    this.dense.dispose();
    this.outProj.dispose();
  }
}
