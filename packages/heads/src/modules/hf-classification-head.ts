import { Linear, type LongformerConfig, type WeightReader, type WeightSpec } from "@longformer-ts/encoder";
import * as tf from "@tensorflow/tfjs-core";

/**
 * HF `LongformerClassificationHead` (`classifier.dense`, `classifier.out_proj`): the first token's hidden state
 * -> dense -> tanh -> out_proj. Used by HF's `LongformerForSequenceClassification` checkpoints.
 */
export class HfClassificationHead {
  private readonly dense: Linear;
  private readonly outProj: Linear;

  constructor(config: LongformerConfig, reader: WeightReader) {
    const h = config.hiddenSize;
    this.dense = Linear.fromReader(reader, "classifier.dense", h, h);
    try {
      this.outProj = Linear.fromReader(reader, "classifier.out_proj", h, config.numLabels);
    } catch (error) {
      this.dense.dispose();
      throw error;
    }
  }

  static weightSpecs(config: LongformerConfig): WeightSpec[] {
    const h = config.hiddenSize;
    return [
      { name: "classifier.dense.weight", shape: [h, h] },
      { name: "classifier.dense.bias", shape: [h] },
      { name: "classifier.out_proj.weight", shape: [config.numLabels, h] },
      { name: "classifier.out_proj.bias", shape: [config.numLabels] },
    ];
  }

  /** hidden (B, L, H) -> { pooled (B, H) after dense + tanh, logits (B, numLabels) } */
  apply(hidden: tf.Tensor3D): { pooled: tf.Tensor2D; logits: tf.Tensor2D } {
    return tf.tidy(() => {
      const [batch, , h] = hidden.shape;
      const first = tf.reshape(tf.slice(hidden, [0, 0, 0], [batch, 1, h]), [batch, h]); // (B, H)
      const pooled = tf.tanh(this.dense.apply(first)) as tf.Tensor2D; // (B, H)
      return { pooled, logits: this.outProj.apply(pooled) as tf.Tensor2D }; // (B, numLabels)
    });
  }

  dispose(): void {
    this.dense.dispose();
    this.outProj.dispose();
  }
}
