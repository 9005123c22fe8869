import { addLayerNormWasm } from "@longformer-ts/simd";
import * as tf from "@tensorflow/tfjs-core";
import type { WeightReader } from "../weights/weight-reader.js";

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

  /** Reads `<name>.weight` and `<name>.bias`, both `(size)`. */
  static fromReader(reader: WeightReader, name: string, size: number, eps: number): LayerNorm {
    return new LayerNorm(reader.take1d(`${name}.weight`, [size]), reader.take1d(`${name}.bias`, [size]), eps);
  }

  /** x (..., size) -> (..., size) */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const mean = tf.mean(x, -1, true); // (..., 1)
      const centered = tf.sub(x, mean); // (..., size)
      const variance = tf.mean(tf.square(centered), -1, true); // (..., 1)
      const normed = tf.mul(centered, tf.rsqrt(tf.add(variance, this.eps))); // (..., size)
      return tf.add(tf.mul(normed, this.weight), this.bias);
    });
  }

  /** `apply(x + residual)`, as one SIMD pass on tfjs-wasm's heap when the backend is wasm. */
  applyWithResidual(x: tf.Tensor, residual: tf.Tensor): tf.Tensor {
    return (
      addLayerNormWasm({ x, residual, gamma: this.weight, beta: this.bias, eps: this.eps }) ??
      tf.tidy(() => this.apply(tf.add(x, residual)))
    );
  }

  dispose(): void {
    this.weight.dispose();
    this.bias.dispose();
  }
}
