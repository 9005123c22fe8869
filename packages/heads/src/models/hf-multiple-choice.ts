import type { WeightMap } from "@longformer-ts/convert";
import { detectPrefix, type ForwardOptions, type LongformerConfig } from "@longformer-ts/encoder";
import { Linear, LongformerPooler, tidyResult } from "@longformer-ts/encoder/modules";
import * as tf from "@tensorflow/tfjs-core";
import { flattenChoices, type MultipleChoiceInputs } from "../inputs/choice-inputs.js";
import { withQuestionGlobalMask } from "../inputs/hf-question-global.js";
import { prepareHeadWeights } from "../weights/head-weights.js";
import { buildWithEncoder, HeadModel, type HeadModelOptions, type HeadModelOutput } from "./head-model.js";
import { classifierPart } from "./head-parts.js";
import { requireSepTokenId } from "./hf-head-options.js";

const NAME = "HfLongformerForMultipleChoice";

export interface HfMultipleChoiceOutput extends HeadModelOutput {
  /** One score per choice: (B, choices). */
  logits: tf.Tensor2D;
  /** The encoder's pooler (dense + tanh on position 0) for every flattened row: (B * choices, H). */
  pooledOutput: tf.Tensor2D;
}

/**
 * HF's own `LongformerForMultipleChoice` shares its name with HAT's class; its checkpoints are told apart by the
 * weights: the encoder's BERT pooler (`longformer.pooler.dense`) + `classifier`, no HAT `pooler.dense`.
 */
export function isHfMultipleChoiceLayout(weights: WeightMap): boolean {
  return (
    !weights.has("pooler.dense.weight") &&
    weights.has("classifier.weight") &&
    [...weights.keys()].some((k) => k.endsWith("pooler.dense.weight"))
  );
}

/**
 * HF `LongformerForMultipleChoice`: `(batch, choices, seq)` flattened to rows laid out as
 * `[CLS] context question [SEP] [SEP] option [SEP]`, the encoder's pooler on position 0, a one-output
 * `classifier`, scores reshaped to `(batch, choices)`. Without a `globalAttentionMask` (or a `globalAttention`
 * option), global attention goes on every token after the second sep (the option), and every row must hold
 * exactly three seps (HF's check; `HeadsError` `SEPARATOR_COUNT`). `loadModel` picks this class for a
 * `LongformerForMultipleChoice` checkpoint with HF's weights, `LongformerForMultipleChoice` (HAT's) otherwise.
 */
export class HfLongformerForMultipleChoice extends HeadModel {
  readonly task = "multiple-choice" as const;
  private readonly pooler: LongformerPooler;
  private readonly classifier: Linear;
  private readonly automaticGlobal: boolean;

  private constructor(
    config: LongformerConfig,
    encoder: HeadModel["encoder"],
    pooler: LongformerPooler,
    classifier: Linear,
    options: HeadModelOptions,
  ) {
    super(config, encoder, options, "none");
    this.pooler = pooler;
    this.classifier = classifier;
    this.automaticGlobal = options.globalAttention === undefined;
  }

  static fromWeights(
    config: LongformerConfig,
    weights: WeightMap,
    options: HeadModelOptions = {},
  ): HfLongformerForMultipleChoice {
    const prefix = options.prefix ?? detectPrefix(weights);
    const specs = [
      ...LongformerPooler.weightSpecs(config, `${prefix}pooler.`),
      ...Linear.weightSpecs(classifierPart(config, 1)),
    ];
    const prepared = prepareHeadWeights(
      config,
      weights,
      { head: NAME, task: "multiple-choice", specs },
      { ...options, prefix },
    );
    const { reader } = prepared;
    return buildWithEncoder(config, reader, prefix, options, (encoder) => {
      const pooler = new LongformerPooler(config, reader, `${prefix}pooler.`);
      let classifier: Linear | undefined;
      try {
        classifier = Linear.fromReader(reader, classifierPart(config, 1));
        return new HfLongformerForMultipleChoice(config, encoder, pooler, classifier, options);
      } catch (error) {
        pooler.dispose();
        classifier?.dispose();
        throw error;
      }
    });
  }

  forward(inputs: MultipleChoiceInputs, options: ForwardOptions = {}): HfMultipleChoiceOutput {
    this.checkAlive();
    const { flat, batch: examples, numChoices } = flattenChoices(inputs);
    const withGlobal = this.automaticGlobal
      ? withQuestionGlobalMask(flat, this.config, requireSepTokenId(this.globalTokenIds, NAME), "after-question", NAME)
      : flat;
    return tidyResult(() => {
      const batch = this.encode(withGlobal, options);
      const pooledOutput = this.pooler.forward(batch.encoded.lastHiddenState); // (B * C, H)
      const scores = this.classifier.forward(pooledOutput); // (B * C, 1)
      const logits = tf.reshape(scores, [examples, numChoices]) as tf.Tensor2D; // (B, C)
      return { ...this.passThrough(batch), logits, pooledOutput };
    });
  }

  protected disposeHead(): void {
    this.pooler.dispose();
    this.classifier.dispose();
  }
}
