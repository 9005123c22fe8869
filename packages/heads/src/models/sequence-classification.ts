import type { WeightMap } from "@longformer-ts/convert";
import type { ForwardOptions, LongformerConfig, LongformerInputs } from "@longformer-ts/encoder";
import { tidyResult } from "@longformer-ts/encoder/modules";
import type * as tf from "@tensorflow/tfjs-core";
import { requireBlockSize } from "../config/block-size.js";
import { type ProblemType, resolveProblemType } from "../config/problem-type.js";
import { HeadsError } from "../errors.js";
import { POOLINGS, type Pooling } from "../modules/hat-pooler.js";
import { HfClassificationHead } from "../modules/hf-classification-head.js";
import { prepareHeadWeights } from "../weights/head-weights.js";
import { buildWithEncoder, HeadModel, type HeadModelOptions, type HeadModelOutput } from "./head-model.js";
import {
  buildHatPooledHead,
  checkLastPoolingFits,
  choosePooling,
  disposeHatPooledHead,
  forwardHatPooledHead,
  type HatPooledHead,
  hatPooledHeadSpecs,
  unusedPoolingWeights,
} from "./head-parts.js";

/** `"hat"`: HAT's sentencizer/pooler/classifier; `"hf"`: HF's `classifier.dense` + `classifier.out_proj` on the first token. */
export type ClassificationHeadStyle = "hat" | "hf";

export interface SequenceClassificationOptions extends HeadModelOptions {
  /** HAT pooling; default the config's `pooling` key when present, else `"max"` (HAT's default). */
  pooling?: Pooling;
  /** Default `"auto"`: `"hf"` when the checkpoint has `classifier.out_proj.weight`, else `"hat"`. */
  headStyle?: ClassificationHeadStyle | "auto";
  /** Overrides the config's `problem_type`. */
  problemType?: ProblemType;
  /** Overrides the config's `max_sentence_length` (HAT block size). */
  maxSentenceLength?: number;
}

export interface SequenceClassifierOutput extends HeadModelOutput {
  /** (B, numLabels) */
  logits: tf.Tensor2D;
  /** HAT pooler output after its dense + tanh (B, H); HF style: after `classifier.dense` + tanh. */
  pooledOutput: tf.Tensor2D;
  /** Sentencizer output (B, ceil(L / max_sentence_length), H) for the `'max'` and `'attentive'` poolings. */
  sentenceOutputs?: tf.Tensor3D;
}

type Head = { style: "hat"; hat: HatPooledHead } | { style: "hf"; hf: HfClassificationHead };

function resolveStyle(weights: WeightMap, requested: unknown): ClassificationHeadStyle {
  if (requested === undefined || requested === "auto") return weights.has("classifier.out_proj.weight") ? "hf" : "hat";
  if (requested === "hat" || requested === "hf") return requested;
  throw new HeadsError(
    "INVALID_OPTION",
    `LongformerForSequenceClassification: headStyle must be "auto", "hat" or "hf", got ${JSON.stringify(requested)}`,
  );
}

/**
 * HAT `LongformerModelForSequenceClassification` (document classification): encoder with global attention on
 * every CLS/SEP, a pooling (`'max'` over the sentencizer's block vectors by default, `'attentive'`, `'first'`,
 * `'last'`), HAT's pooler (dense + tanh) and a linear classifier. Also loads HF's
 * `LongformerForSequenceClassification` head (`headStyle: "hf"`, global attention on the first token).
 *
 * @example
 * const clf = await LongformerForSequenceClassification.fromPretrained("models/my-hat-classifier", { pooling: "max" });
 * const out = clf.forward({ inputIds, attentionMask });
 * out.logits.shape; // [batch, numLabels]
 * disposeOutput(out);
 */
export class LongformerForSequenceClassification extends HeadModel {
  readonly task = "document-classification" as const;
  readonly headStyle: ClassificationHeadStyle;
  /** HAT pooling (`undefined` for the HF head). */
  readonly pooling: Pooling | undefined;
  /** HAT block size (`undefined` for the HF head). */
  readonly blockSize: number | undefined;
  readonly problemType: ProblemType;
  private readonly head: Head;

  private constructor(
    config: LongformerConfig,
    encoder: HeadModel["encoder"],
    head: Head,
    options: SequenceClassificationOptions,
    problemType: ProblemType,
  ) {
    super(config, encoder, options, head.style === "hf" ? "first-token" : "special-tokens");
    this.head = head;
    this.headStyle = head.style;
    this.pooling = head.style === "hat" ? head.hat.pooler.pooling : undefined;
    this.blockSize = head.style === "hat" ? head.hat.pooler.blockSize : undefined;
    this.problemType = problemType;
  }

  static fromWeights(
    config: LongformerConfig,
    weights: WeightMap,
    options: SequenceClassificationOptions = {},
  ): LongformerForSequenceClassification {
    const name = "LongformerForSequenceClassification";
    const task = "document-classification";
    const style = resolveStyle(weights, options.headStyle);
    const problemType = resolveProblemType(config, options.problemType);
    if (style === "hf") {
      const specs = HfClassificationHead.weightSpecs(config);
      const { reader, prefix } = prepareHeadWeights(config, weights, { head: name, task, specs }, options);
      return buildWithEncoder(config, reader, prefix, options, (encoder) =>
        LongformerForSequenceClassification.create(
          config,
          encoder,
          { style, hf: new HfClassificationHead(config, reader) },
          options,
          problemType,
        ),
      );
    }
    const pooling = choosePooling(config, options.pooling, POOLINGS, "max", name);
    const specs = hatPooledHeadSpecs(config, pooling, config.numLabels);
    // Weights first: a checkpoint of another head (e.g. HF's QA, no max_sentence_length) is named as such.
    const { reader, prefix } = prepareHeadWeights(
      config,
      weights,
      { head: name, task, specs, unused: unusedPoolingWeights(pooling) },
      options,
    );
    const blockSize = requireBlockSize(config, `${name} (pooling "${pooling}")`, options.maxSentenceLength);
    return buildWithEncoder(config, reader, prefix, options, (encoder) => {
      const hat = buildHatPooledHead(config, reader, pooling, blockSize, config.numLabels);
      return LongformerForSequenceClassification.create(config, encoder, { style, hat }, options, problemType);
    });
  }

  private static create(
    config: LongformerConfig,
    encoder: HeadModel["encoder"],
    head: Head,
    options: SequenceClassificationOptions,
    problemType: ProblemType,
  ): LongformerForSequenceClassification {
    try {
      return new LongformerForSequenceClassification(config, encoder, head, options, problemType);
    } catch (error) {
      disposeHead(head);
      throw error;
    }
  }

  forward(inputs: LongformerInputs, options: ForwardOptions = {}): SequenceClassifierOutput {
    return tidyResult(() => {
      const head = this.head;
      const batch = this.encode(inputs, options, (prepared) => {
        if (head.style === "hat")
          checkLastPoolingFits(head.hat.pooler.pooling, head.hat.pooler.blockSize, prepared.seqLen);
      });
      const hidden = batch.encoded.lastHiddenState; // (B, L, H)
      if (head.style === "hf") {
        const { pooled, logits } = head.hf.forward(hidden); // (B, H), (B, numLabels)
        return { ...this.passThrough(batch), logits, pooledOutput: pooled };
      }
      const { sentenceOutputs, pooledOutput, logits } = forwardHatPooledHead(head.hat, hidden);
      const out: SequenceClassifierOutput = { ...this.passThrough(batch), logits, pooledOutput };
      if (sentenceOutputs) out.sentenceOutputs = sentenceOutputs;
      return out;
    });
  }

  protected disposeHead(): void {
    disposeHead(this.head);
  }
}

function disposeHead(head: Head): void {
  if (head.style === "hf") head.hf.dispose();
  else disposeHatPooledHead(head.hat);
}
