import * as tf from "@tensorflow/tfjs-core";
import type { LongformerConfig } from "../config/longformer-config.js";
import type { WeightReader, WeightSpec } from "../weights/weight-reader.js";
import { activation } from "./activation.js";
import { LayerNorm } from "./layer-norm.js";
import { Linear } from "./linear.js";

/** HF `LongformerIntermediate` (`intermediate.*`): `act(dense(x))`, H -> intermediate_size. */
export class LongformerIntermediate {
  private readonly dense: Linear;
  private readonly act: (x: tf.Tensor) => tf.Tensor;

  constructor(config: LongformerConfig, reader: WeightReader, prefix: string) {
    this.dense = Linear.fromReader(reader, `${prefix}dense`, config.hiddenSize, config.intermediateSize);
    this.act = activation(config.hiddenAct);
  }

  static weightSpecs(config: LongformerConfig, prefix: string): WeightSpec[] {
    return [
      { name: `${prefix}dense.weight`, shape: [config.intermediateSize, config.hiddenSize] },
      { name: `${prefix}dense.bias`, shape: [config.intermediateSize] },
    ];
  }

  /** x (N, H) -> (N, F) */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.act(this.dense.apply(x)) as tf.Tensor2D);
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
    this.dense = Linear.fromReader(reader, `${prefix}dense`, config.intermediateSize, config.hiddenSize);
    this.layerNorm = LayerNorm.fromReader(reader, `${prefix}LayerNorm`, config.hiddenSize, config.layerNormEps);
  }

  static weightSpecs(config: LongformerConfig, prefix: string): WeightSpec[] {
    const h = config.hiddenSize;
    return [
      { name: `${prefix}dense.weight`, shape: [h, config.intermediateSize] },
      { name: `${prefix}dense.bias`, shape: [h] },
      { name: `${prefix}LayerNorm.weight`, shape: [h] },
      { name: `${prefix}LayerNorm.bias`, shape: [h] },
    ];
  }

  /** intermediate (N, F), input (N, H) -> (N, H) */
  apply(intermediate: tf.Tensor2D, input: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.layerNorm.applyWithResidual(this.dense.apply(intermediate), input) as tf.Tensor2D);
  }

  dispose(): void {
    this.dense.dispose();
    this.layerNorm.dispose();
  }
}
