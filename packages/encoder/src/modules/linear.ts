import * as tf from "@tensorflow/tfjs-core";
import type { WeightReader, WeightSpec } from "../weights/weight-reader.js";

/** Where a `Linear`'s weights live in a checkpoint and their sizes: `<name>.weight (out, in)`, `<name>.bias (out)`. */
export interface LinearPart {
  name: string;
  inFeatures: number;
  outFeatures: number;
  /** Default true; false for projections HF builds with `bias=False`. */
  bias?: boolean;
}

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

  /** `<name>.weight (out, in)` and, unless `bias` is false, `<name>.bias (out)`. */
  static weightSpecs(part: LinearPart): WeightSpec[] {
    const { name, inFeatures, outFeatures } = part;
    const weight = { name: `${name}.weight`, shape: [outFeatures, inFeatures] };
    return part.bias === false ? [weight] : [weight, { name: `${name}.bias`, shape: [outFeatures] }];
  }

  /** Reads the tensors `weightSpecs(part)` names. */
  static fromReader(reader: WeightReader, part: LinearPart): Linear {
    const [weight, bias] = Linear.weightSpecs(part);
    return new Linear(
      reader.take(weight!.name, weight!.shape) as tf.Tensor2D,
      bias ? (reader.take(bias.name, bias.shape) as tf.Tensor1D) : undefined,
    );
  }

  /** x (..., in) -> (..., out), computed as one 2-D matMul over the flattened leading axes. */
  forward(x: tf.Tensor): tf.Tensor {
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
