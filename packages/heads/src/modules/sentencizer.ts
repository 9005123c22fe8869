import type { LongformerConfig, WeightReader, WeightSpec } from "@longformer-ts/encoder";
import { Linear, type LinearPart } from "@longformer-ts/encoder/modules";
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
    this.dense = Linear.fromReader(reader, HatSentencizer.densePart(config));
  }

  private static densePart(config: LongformerConfig): LinearPart {
    return { name: "sentencizer.dense", inFeatures: config.hiddenSize, outFeatures: config.hiddenSize };
  }

  static weightSpecs(config: LongformerConfig): WeightSpec[] {
    return Linear.weightSpecs(HatSentencizer.densePart(config));
  }

  /** hidden (B, L, H) -> (B, ceil(L / blockSize), H) */
  forward(hidden: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const starts = tf.tensor1d(blockStarts(hidden.shape[1], this.blockSize), "int32"); // (nBlocks)
      const leaders = tf.gather(hidden, starts, 1); // (B, nBlocks, H)
      return tf.tanh(this.dense.forward(leaders)) as tf.Tensor3D;
    });
  }

  dispose(): void {
    this.dense.dispose();
  }
}
