import * as tf from "@tensorflow/tfjs-core";
import type { WeightReader } from "../weights/weight-reader.js";

/**
 * PyTorch `nn.Linear`: `y = x W^T + b` with `W` stored `(out, in)` as in HF checkpoints. The weight is
 * transposed once here to `(in, out)`: tfjs-wasm runs a plain 2-D matMul through XNNPACK, while
 * `transposeB` and batched (rank-3) matMuls are several times slower per FLOP.
 */
export class Linear {
  readonly inFeatures: number;
  readonly outFeatures: number;
  private readonly weightT: tf.Tensor2D; // (in, out)
  private readonly bias: tf.Tensor1D | undefined; // (out)

  /** Takes ownership of `weight` (disposed after transposing) and `bias` (disposed by `dispose`). */
  constructor(weight: tf.Tensor2D, bias?: tf.Tensor1D) {
    const [outFeatures, inFeatures] = weight.shape;
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weightT = tf.keep(tf.transpose(weight)); // (in, out)
    weight.dispose();
    this.bias = bias;
  }

  /** Reads `<name>.weight (out, in)` and, unless `bias` is false, `<name>.bias (out)`. */
  static fromReader(
    reader: WeightReader,
    name: string,
    inFeatures: number,
    outFeatures: number,
    options: { bias?: boolean } = {},
  ): Linear {
    const weight = reader.take2d(`${name}.weight`, [outFeatures, inFeatures]);
    const bias = options.bias === false ? undefined : reader.take1d(`${name}.bias`, [outFeatures]);
    return new Linear(weight, bias);
  }

  /** x (..., in) -> (..., out), computed as one 2-D matMul over the flattened leading axes. */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const lead = x.shape.slice(0, -1);
      const x2d = tf.reshape(x, [-1, this.inFeatures]) as tf.Tensor2D; // (N, in)
      const y2d = tf.fused.matMul({ a: x2d, b: this.weightT, bias: this.bias }); // (N, out)
      return lead.length === 1 ? y2d : tf.reshape(y2d, [...lead, this.outFeatures]);
    });
  }

  dispose(): void {
    this.weightT.dispose();
    this.bias?.dispose();
  }
}
