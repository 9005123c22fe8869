import * as tf from "@tensorflow/tfjs-core";
import type { LongformerConfig } from "../config/longformer-config.js";
import type { WeightReader, WeightSpec } from "../weights/weight-reader.js";
import { activation } from "./activation.js";
import { LayerNorm, type LayerNormPart } from "./layer-norm.js";
import { Linear, type LinearPart } from "./linear.js";

/** HF `LongformerIntermediate` (`intermediate.*`): `act(dense(x))`, H -> intermediate_size. */
export class LongformerIntermediate {
  private readonly dense: Linear;
  private readonly act: (x: tf.Tensor) => tf.Tensor;

  constructor(config: LongformerConfig, reader: WeightReader, prefix: string) {
    this.dense = Linear.fromReader(reader, LongformerIntermediate.parts(config, prefix).dense);
    this.act = activation(config.hiddenAct);
  }

  static parts(config: LongformerConfig, prefix: string): { dense: LinearPart } {
    return { dense: { name: `${prefix}dense`, inFeatures: config.hiddenSize, outFeatures: config.intermediateSize } };
  }

  static weightSpecs(config: LongformerConfig, prefix: string): WeightSpec[] {
    return Linear.weightSpecs(LongformerIntermediate.parts(config, prefix).dense);
  }

  /** x (N, H) -> (N, F) */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.act(this.dense.forward(x)) as tf.Tensor2D);
  }

  dispose(): void {
    this.dense.dispose();
  }
}

/** HF `LongformerOutput` (`output.*`): `LayerNorm(dense(intermediate) + input)`, F -> H. */
export class LongformerOutput {
  private readonly dense: Linear;
  private readonly layerNorm: LayerNorm;

  constructor(config: LongformerConfig, reader: WeightReader, prefix: string) {
    const parts = LongformerOutput.parts(config, prefix);
    this.dense = Linear.fromReader(reader, parts.dense);
    this.layerNorm = LayerNorm.fromReader(reader, parts.layerNorm);
  }

  static parts(config: LongformerConfig, prefix: string): { dense: LinearPart; layerNorm: LayerNormPart } {
    const h = config.hiddenSize;
    return {
      dense: { name: `${prefix}dense`, inFeatures: config.intermediateSize, outFeatures: h },
      layerNorm: { name: `${prefix}LayerNorm`, size: h, eps: config.layerNormEps },
    };
  }

  static weightSpecs(config: LongformerConfig, prefix: string): WeightSpec[] {
    const parts = LongformerOutput.parts(config, prefix);
    return [...Linear.weightSpecs(parts.dense), ...LayerNorm.weightSpecs(parts.layerNorm)];
  }

  /** intermediate (N, F), input (N, H) -> (N, H) */
  forward(intermediate: tf.Tensor2D, input: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.layerNorm.forwardWithResidual(this.dense.forward(intermediate), input) as tf.Tensor2D);
  }

  dispose(): void {
    this.dense.dispose();
    this.layerNorm.dispose();
  }
}
