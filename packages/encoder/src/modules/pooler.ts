import * as tf from "@tensorflow/tfjs-core";
import type { LongformerConfig } from "../config/longformer-config.js";
import type { WeightReader, WeightSpec } from "../weights/weight-reader.js";
import { Linear, type LinearPart } from "./linear.js";

/** HF `LongformerPooler` (`pooler.dense.*`): `tanh(dense(h[:, 0]))`. Present only in checkpoints that carry it. */
export class LongformerPooler {
  private readonly dense: Linear;

  constructor(config: LongformerConfig, reader: WeightReader, prefix: string) {
    this.dense = Linear.fromReader(reader, LongformerPooler.parts(config, prefix).dense);
  }

  static parts(config: LongformerConfig, prefix: string): { dense: LinearPart } {
    return { dense: { name: `${prefix}dense`, inFeatures: config.hiddenSize, outFeatures: config.hiddenSize } };
  }

  static weightSpecs(config: LongformerConfig, prefix: string): WeightSpec[] {
    return Linear.weightSpecs(LongformerPooler.parts(config, prefix).dense);
  }

  /** hidden (B, L, H) -> (B, H) */
  forward(hidden: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const [batch, , h] = hidden.shape;
      const first = tf.reshape(tf.slice(hidden, [0, 0, 0], [batch, 1, h]), [batch, h]); // (B, H)
      return tf.tanh(this.dense.forward(first)) as tf.Tensor2D;
    });
  }

  dispose(): void {
    this.dense.dispose();
  }
}
