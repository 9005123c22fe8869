import { Linear, type LongformerConfig, type WeightReader, type WeightSpec } from "@longformer-ts/encoder";
import * as tf from "@tensorflow/tfjs-core";

/** Positions `0, blockSize, 2 * blockSize, ...` below `seqLen`: PyTorch's `h[:, ::blockSize]`. */
export function blockStarts(seqLen: number, blockSize: number): number[] {
  return Array.from({ length: Math.ceil(seqLen / blockSize) }, (_, i) => i * blockSize);
}

/**
 * HAT `LongformerSentencizer`: `tanh(dense(h[:, ::max_sentence_length]))`, one vector per block. Every block
 * counts, all-padding blocks included (HAT does not mask them).
 */
export class HatSentencizer {
  readonly blockSize: number;
  private readonly dense: Linear;

  constructor(config: LongformerConfig, reader: WeightReader, blockSize: number) {
    this.blockSize = blockSize;
    this.dense = Linear.fromReader(reader, "sentencizer.dense", config.hiddenSize, config.hiddenSize);
  }

  static weightSpecs(config: LongformerConfig): WeightSpec[] {
    const h = config.hiddenSize;
    return [
      { name: "sentencizer.dense.weight", shape: [h, h] },
      { name: "sentencizer.dense.bias", shape: [h] },
    ];
  }

  /** hidden (B, L, H) -> (B, ceil(L / blockSize), H) */
  apply(hidden: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const starts = tf.tensor1d(blockStarts(hidden.shape[1], this.blockSize), "int32"); // (nBlocks)
      const leaders = tf.gather(hidden, starts, 1); // (B, nBlocks, H)
      return tf.tanh(this.dense.apply(leaders)) as tf.Tensor3D;
    });
  }

  dispose(): void {
    this.dense.dispose();
  }
}
