import type { WeightMap } from "@longformer-ts/convert";
import type { ForwardOptions, LongformerConfig, LongformerInputs } from "@longformer-ts/encoder";
import { Linear, tidyResult } from "@longformer-ts/encoder/modules";
import type * as tf from "@tensorflow/tfjs-core";
import { requireBlockSize } from "../config/block-size.js";
import { type ProblemType, resolveProblemType } from "../config/problem-type.js";
import { HatSentencizer } from "../modules/sentencizer.js";
import { prepareHeadWeights } from "../weights/head-weights.js";
import { buildWithEncoder, HeadModel, type HeadModelOptions, type HeadModelOutput } from "./head-model.js";
import { classifierPart } from "./head-parts.js";

export interface SentenceClassificationOptions extends HeadModelOptions {
  /** Overrides the config's `problem_type` (HAT's sentence tagging uses single- or multi-label). */
  problemType?: ProblemType;
  /** Overrides the config's `max_sentence_length` (HAT block size). */
  maxSentenceLength?: number;
}

export interface SentenceClassifierOutput extends HeadModelOutput {
  /** One row of logits per block, all-padding blocks included: (B, ceil(L / max_sentence_length), numLabels). */
  logits: tf.Tensor3D;
  /** Sentencizer output (B, nBlocks, H). */
  sentenceOutputs: tf.Tensor3D;
}

/**
 * HAT `LongformerModelForSentenceClassification` (sequential sentence classification): encoder with global
 * attention on every CLS/SEP, the sentencizer (`tanh(dense(h[:, ::max_sentence_length]))`), and a classifier
 * applied to every block vector.
 */
export class LongformerForSentenceClassification extends HeadModel {
  readonly task = "sentence-tagging" as const;
  readonly problemType: ProblemType;
  readonly blockSize: number;
  private readonly sentencizer: HatSentencizer;
  private readonly classifier: Linear;

  private constructor(
    config: LongformerConfig,
    encoder: HeadModel["encoder"],
    sentencizer: HatSentencizer,
    classifier: Linear,
    options: SentenceClassificationOptions,
    problemType: ProblemType,
  ) {
    super(config, encoder, options, "special-tokens");
    this.sentencizer = sentencizer;
    this.classifier = classifier;
    this.blockSize = sentencizer.blockSize;
    this.problemType = problemType;
  }

  static fromWeights(
    config: LongformerConfig,
    weights: WeightMap,
    options: SentenceClassificationOptions = {},
  ): LongformerForSentenceClassification {
    const head = "LongformerForSentenceClassification";
    const problemType = resolveProblemType(config, options.problemType);
    const blockSize = requireBlockSize(config, head, options.maxSentenceLength);
    const specs = [
      ...HatSentencizer.weightSpecs(config),
      ...Linear.weightSpecs(classifierPart(config, config.numLabels)),
    ];
    const { reader, prefix } = prepareHeadWeights(config, weights, { head, task: "sentence-tagging", specs }, options);
    return buildWithEncoder(config, reader, prefix, options, (encoder) => {
      const sentencizer = new HatSentencizer(config, reader, blockSize);
      try {
        const classifier = Linear.fromReader(reader, classifierPart(config, config.numLabels));
        return new LongformerForSentenceClassification(config, encoder, sentencizer, classifier, options, problemType);
      } catch (error) {
        sentencizer.dispose();
        throw error;
      }
    });
  }

  forward(inputs: LongformerInputs, options: ForwardOptions = {}): SentenceClassifierOutput {
    return tidyResult(() => {
      const batch = this.encode(inputs, options);
      const sentenceOutputs = this.sentencizer.forward(batch.encoded.lastHiddenState); // (B, nBlocks, H)
      const logits = this.classifier.forward(sentenceOutputs) as tf.Tensor3D; // (B, nBlocks, numLabels)
      return { ...this.passThrough(batch), logits, sentenceOutputs };
    });
  }

  protected disposeHead(): void {
    this.sentencizer.dispose();
    this.classifier.dispose();
  }
}
