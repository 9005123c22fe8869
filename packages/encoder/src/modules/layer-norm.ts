import { addLayerNormWasm } from "@longformer-ts/simd";
import * as tf from "@tensorflow/tfjs-core";
import type { WeightReader, WeightSpec } from "../weights/weight-reader.js";

/** Where a `LayerNorm`'s weights live (`<name>.weight`, `<name>.bias`, both `(size)`) and its `eps`. */
export interface LayerNormPart {
  name: string;
  size: number;
  eps: number;
}

/** PyTorch `nn.LayerNorm` over the last axis (biased variance), `eps` from the config's `layer_norm_eps`. */
export class LayerNorm {
  readonly size: number;
  readonly eps: number;
  private readonly weight: tf.Tensor1D; // (size)
  private readonly bias: tf.Tensor1D; // (size)

  /** Takes ownership of `weight` and `bias`. */
  constructor(weight: tf.Tensor1D, bias: tf.Tensor1D, eps: number) {
    this.size = weight.shape[0];
    this.weight = weight;
    this.bias = bias;
    this.eps = eps;
  }

  /** `<name>.weight` and `<name>.bias`, both `(size)`. */
  static weightSpecs(part: LayerNormPart): WeightSpec[] {
    return [
      { name: `${part.name}.weight`, shape: [part.size] },
      { name: `${part.name}.bias`, shape: [part.size] },
    ];
  }

  /** Reads the tensors `weightSpecs(part)` names. */
  static fromReader(reader: WeightReader, part: LayerNormPart): LayerNorm {
    const [weight, bias] = LayerNorm.weightSpecs(part);
    return new LayerNorm(
      reader.take(weight!.name, weight!.shape) as tf.Tensor1D,
      reader.take(bias!.name, bias!.shape) as tf.Tensor1D,
      part.eps,
    );
  }

  /** x (..., size) -> (..., size) */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const mean = tf.mean(x, -1, true); // (..., 1)
      const centered = tf.sub(x, mean); // (..., size)
      const variance = tf.mean(tf.square(centered), -1, true); // (..., 1)
      const normed = tf.mul(centered, tf.rsqrt(tf.add(variance, this.eps))); // (..., size)
      return tf.add(tf.mul(normed, this.weight), this.bias);
    });
  }

  /** `forward(x + residual)`, as one SIMD pass on tfjs-wasm's heap when the backend is wasm. */
  forwardWithResidual(x: tf.Tensor, residual: tf.Tensor): tf.Tensor {
    return (
      addLayerNormWasm({ x, residual, gamma: this.weight, beta: this.bias, eps: this.eps }) ??
      tf.tidy(() => this.forward(tf.add(x, residual)))
    );
  }

  dispose(): void {
    this.weight.dispose();
    this.bias.dispose();
  }
}
