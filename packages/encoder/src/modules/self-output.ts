import * as tf from "@tensorflow/tfjs-core";
import type { LongformerConfig } from "../config/longformer-config.js";
import type { WeightReader, WeightSpec } from "../weights/weight-reader.js";
import { LayerNorm, type LayerNormPart } from "./layer-norm.js";
import { Linear, type LinearPart } from "./linear.js";

/** HF `LongformerSelfOutput` (`attention.output.*`): `LayerNorm(dense(context) + input)`. */
export class LongformerSelfOutput {
  private readonly dense: Linear;
  private readonly layerNorm: LayerNorm;

  constructor(config: LongformerConfig, reader: WeightReader, prefix: string) {
    const parts = LongformerSelfOutput.parts(config, prefix);
    this.dense = Linear.fromReader(reader, parts.dense);
    this.layerNorm = LayerNorm.fromReader(reader, parts.layerNorm);
  }

  static parts(config: LongformerConfig, prefix: string): { dense: LinearPart; layerNorm: LayerNormPart } {
    const h = config.hiddenSize;
    return {
      dense: { name: `${prefix}dense`, inFeatures: h, outFeatures: h },
      layerNorm: { name: `${prefix}LayerNorm`, size: h, eps: config.layerNormEps },
    };
  }

  static weightSpecs(config: LongformerConfig, prefix: string): WeightSpec[] {
    const parts = LongformerSelfOutput.parts(config, prefix);
    return [...Linear.weightSpecs(parts.dense), ...LayerNorm.weightSpecs(parts.layerNorm)];
  }

  /** context (N, H), input (N, H) -> (N, H) */
  forward(context: tf.Tensor2D, input: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.layerNorm.forwardWithResidual(this.dense.forward(context), input) as tf.Tensor2D);
  }

  dispose(): void {
    this.dense.dispose();
    this.layerNorm.dispose();
  }
}
