import * as tf from "@tensorflow/tfjs-core";
import type { LongformerConfig } from "../config/longformer-config.js";
import type { WeightReader, WeightSpec } from "../weights/weight-reader.js";
import { LayerNorm } from "./layer-norm.js";
import { Linear } from "./linear.js";

/** HF `LongformerSelfOutput` (`attention.output.*`): `LayerNorm(dense(context) + input)`. */
export class LongformerSelfOutput {
  private readonly dense: Linear;
  private readonly layerNorm: LayerNorm;

  constructor(config: LongformerConfig, reader: WeightReader, prefix: string) {
    const h = config.hiddenSize;
    this.dense = Linear.fromReader(reader, `${prefix}dense`, h, h);
    this.layerNorm = LayerNorm.fromReader(reader, `${prefix}LayerNorm`, h, config.layerNormEps);
  }

  static weightSpecs(config: LongformerConfig, prefix: string): WeightSpec[] {
    const h = config.hiddenSize;
    return [
      { name: `${prefix}dense.weight`, shape: [h, h] },
      { name: `${prefix}dense.bias`, shape: [h] },
      { name: `${prefix}LayerNorm.weight`, shape: [h] },
      { name: `${prefix}LayerNorm.bias`, shape: [h] },
    ];
  }

  /** context (N, H), input (N, H) -> (N, H) */
  apply(context: tf.Tensor2D, input: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.layerNorm.applyWithResidual(this.dense.apply(context), input) as tf.Tensor2D);
  }

  dispose(): void {
    this.dense.dispose();
    this.layerNorm.dispose();
  }
}
