import type { WeightMap } from "@longformer-ts/convert";
import type { ForwardOptions, LongformerConfig, LongformerInputs } from "@longformer-ts/encoder";
import { Linear, tidyResult } from "@longformer-ts/encoder/modules";
import type * as tf from "@tensorflow/tfjs-core";
import { prepareHeadWeights } from "../weights/head-weights.js";
import { buildWithEncoder, HeadModel, type HeadModelOptions, type HeadModelOutput } from "./head-model.js";
import { classifierPart } from "./head-parts.js";

export interface TokenClassificationOutput extends HeadModelOutput {
  /** (B, L, numLabels), padding positions included. */
  logits: tf.Tensor3D;
}

/**
 * HF `LongformerForTokenClassification` (NER over long documents): encoder, then `classifier` (labels, H) on every
 * token. No automatic global attention (HF passes none); `globalAttention` or a `globalAttentionMask` adds some.
 *
 * @example
 * const ner = await LongformerForTokenClassification.fromPretrained("models/my-ner");
 * const out = ner.forward({ inputIds, attentionMask });
 * out.logits.shape; // [batch, seq, labels]
 * disposeOutput(out);
 */
export class LongformerForTokenClassification extends HeadModel {
  readonly task = "token-classification" as const;
  private readonly classifier: Linear;

  private constructor(
    config: LongformerConfig,
    encoder: HeadModel["encoder"],
    classifier: Linear,
    options: HeadModelOptions,
  ) {
    super(config, encoder, options, "none");
    this.classifier = classifier;
  }

  static fromWeights(
    config: LongformerConfig,
    weights: WeightMap,
    options: HeadModelOptions = {},
  ): LongformerForTokenClassification {
    const head = "LongformerForTokenClassification";
    const specs = Linear.weightSpecs(classifierPart(config, config.numLabels));
    const { reader, prefix } = prepareHeadWeights(
      config,
      weights,
      { head, task: "token-classification", specs },
      options,
    );
    return buildWithEncoder(config, reader, prefix, options, (encoder) => {
      const classifier = Linear.fromReader(reader, classifierPart(config, config.numLabels));
      try {
        return new LongformerForTokenClassification(config, encoder, classifier, options);
      } catch (error) {
        classifier.dispose();
        throw error;
      }
    });
  }

  forward(inputs: LongformerInputs, options: ForwardOptions = {}): TokenClassificationOutput {
    return tidyResult(() => {
      const batch = this.encode(inputs, options);
      const logits = this.classifier.forward(batch.encoded.lastHiddenState) as tf.Tensor3D; // (B, L, labels)
      return { ...this.passThrough(batch), logits };
    });
  }

  protected disposeHead(): void {
    this.classifier.dispose();
  }
}
