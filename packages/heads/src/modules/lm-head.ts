import type { LongformerConfig, WeightReader, WeightSpec } from "@longformer-ts/encoder";
import { activation, LayerNorm, type LayerNormPart, Linear, type LinearPart } from "@longformer-ts/encoder/modules";
import * as tf from "@tensorflow/tfjs-core";

/** The decoder weight is tied to the word embeddings; checkpoints written by `save_pretrained` omit the copy. */
export const DECODER_WEIGHT = "lm_head.decoder.weight";
/** HF ties `lm_head.decoder.bias` to `lm_head.bias`; the head reads `lm_head.bias`. */
export const DECODER_BIAS = "lm_head.decoder.bias";

/**
 * HF `LongformerLMHead`: `dense -> gelu -> layer_norm -> decoder (tied to the word embeddings) + bias`.
 * It works on any `(..., H)` rows, so callers gather the positions they need first: the decoder is a
 * `(H, vocab)` product and a full `1024 x 30522` projection costs 16 GFLOP.
 */
export class LongformerLMHead {
  private readonly dense: Linear;
  private readonly layerNorm: LayerNorm;
  private readonly decoder: Linear;
  // HF's LMHead calls `gelu` (exact erf form) whatever `hidden_act` says.
  private readonly gelu = activation("gelu");

  constructor(config: LongformerConfig, reader: WeightReader, embeddingName: string) {
    const h = config.hiddenSize;
    const built: { dispose(): void }[] = [];
    try {
      const parts = LongformerLMHead.parts(config);
      this.dense = Linear.fromReader(reader, parts.dense);
      built.push(this.dense);
      this.layerNorm = LayerNorm.fromReader(reader, parts.layerNorm);
      built.push(this.layerNorm);
      const weightName = reader.has(DECODER_WEIGHT) ? DECODER_WEIGHT : embeddingName;
      const weight = reader.take2d(weightName, [config.vocabSize, h]);
      const bias = reader.take1d(parts.bias.name, parts.bias.shape as [number]);
      this.decoder = new Linear(weight, bias);
    } catch (error) {
      for (const module of built) module.dispose();
      throw error;
    }
  }

  /** The names the head must find (the tied decoder weight is checked as the word embeddings by the encoder). */
  static weightSpecs(config: LongformerConfig): WeightSpec[] {
    const parts = LongformerLMHead.parts(config);
    return [...Linear.weightSpecs(parts.dense), ...LayerNorm.weightSpecs(parts.layerNorm), parts.bias];
  }

  /** `bias` is HF's `lm_head.bias` (the decoder's, tied); the decoder weight is found at load time. */
  private static parts(config: LongformerConfig): { dense: LinearPart; layerNorm: LayerNormPart; bias: WeightSpec } {
    const h = config.hiddenSize;
    return {
      dense: { name: "lm_head.dense", inFeatures: h, outFeatures: h },
      layerNorm: { name: "lm_head.layer_norm", size: h, eps: config.layerNormEps },
      bias: { name: "lm_head.bias", shape: [config.vocabSize] },
    };
  }

  /** hidden (..., H) -> logits (..., vocab) */
  forward(hidden: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const x = this.layerNorm.forward(this.gelu(this.dense.forward(hidden))); // (..., H)
      return this.decoder.forward(x); // (..., vocab)
    });
  }

  dispose(): void {
    this.dense.dispose();
    this.layerNorm.dispose();
    this.decoder.dispose();
  }
}
