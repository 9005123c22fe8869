import type { WeightMap } from "@longformer-ts/convert";
import type { ForwardOptions, LongformerConfig } from "@longformer-ts/encoder";
import { tidyResult } from "@longformer-ts/encoder/modules";
import * as tf from "@tensorflow/tfjs-core";
import { requireBlockSize } from "../config/block-size.js";
import { ArchitectureError } from "../errors.js";
import { flattenChoices, type MultipleChoiceInputs } from "../inputs/choice-inputs.js";
import type { Pooling } from "../modules/hat-pooler.js";
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

/** HAT's multiple-choice poolings (no attentive pooling there). */
export type MultipleChoicePooling = Extract<Pooling, "last" | "first" | "max">;

const MC_POOLINGS: readonly Pooling[] = ["last", "first", "max"];

export interface MultipleChoiceOptions extends HeadModelOptions {
  /** Default the config's `pooling` key when present, else `"last"` (HAT's default: the option block's `[SEP]`). */
  pooling?: MultipleChoicePooling;
  /** Overrides the config's `max_sentence_length` (HAT block size). */
  maxSentenceLength?: number;
}

export interface MultipleChoiceOutput extends HeadModelOutput {
  /** One score per choice: (B, choices). */
  logits: tf.Tensor2D;
  /** Pooler output of every flattened row: (B * choices, H). */
  pooledOutput: tf.Tensor2D;
  /** Sentencizer output for `'max'`: (B * choices, nBlocks, H). */
  sentenceOutputs?: tf.Tensor3D;
}

/**
 * HF's own `LongformerForMultipleChoice` has the same name but another head (the BERT pooler `longformer.pooler`
 * + classifier, global attention after the second separator): recognised by the missing HAT `pooler.dense`, and
 * loaded by `HfLongformerForMultipleChoice`.
 */
function rejectHfLayout(config: LongformerConfig, weights: WeightMap): void {
  const hfLayout =
    !weights.has("pooler.dense.weight") &&
    weights.has("classifier.weight") &&
    [...weights.keys()].some((k) => k.endsWith("pooler.dense.weight"));
  if (hfLayout) {
    throw new ArchitectureError(
      "UNSUPPORTED_ARCHITECTURE",
      "LongformerForMultipleChoice: this is HF's multiple-choice head (longformer.pooler + classifier, global " +
        "attention after the second separator), not HAT's (pooler.dense, sentencizer): load it with " +
        "HfLongformerForMultipleChoice or loadModel()",
      config.architectures,
    );
  }
}

/**
 * HAT `LongformerForMultipleChoice` (QuALITY layout): `(batch, choices, seq)` flattened to rows, encoder with
 * global attention on every CLS/SEP, pooling `'last'` (position `-max_sentence_length`: the option block's
 * `[SEP]`), `'first'` or `'max'` (over the sentencizer's block vectors), pooler dense + tanh, a one-output
 * classifier, scores reshaped to `(batch, choices)`.
 */
export class LongformerForMultipleChoice extends HeadModel {
  readonly task = "multiple-choice" as const;
  readonly pooling: MultipleChoicePooling;
  readonly blockSize: number;
  private readonly head: HatPooledHead;

  private constructor(
    config: LongformerConfig,
    encoder: HeadModel["encoder"],
    head: HatPooledHead,
    options: MultipleChoiceOptions,
  ) {
    super(config, encoder, options, "special-tokens");
    this.head = head;
    this.pooling = head.pooler.pooling as MultipleChoicePooling;
    this.blockSize = head.pooler.blockSize;
  }

  static fromWeights(
    config: LongformerConfig,
    weights: WeightMap,
    options: MultipleChoiceOptions = {},
  ): LongformerForMultipleChoice {
    const name = "LongformerForMultipleChoice";
    rejectHfLayout(config, weights);
    const pooling = choosePooling(config, options.pooling, MC_POOLINGS, "last", name);
    const blockSize = requireBlockSize(config, name, options.maxSentenceLength);
    const { reader, prefix } = prepareHeadWeights(
      config,
      weights,
      {
        head: name,
        task: "multiple-choice",
        specs: hatPooledHeadSpecs(config, pooling, 1),
        unused: unusedPoolingWeights(pooling),
      },
      options,
    );
    return buildWithEncoder(config, reader, prefix, options, (encoder) => {
      const head = buildHatPooledHead(config, reader, pooling, blockSize, 1);
      try {
        return new LongformerForMultipleChoice(config, encoder, head, options);
      } catch (error) {
        disposeHatPooledHead(head);
        throw error;
      }
    });
  }

  forward(inputs: MultipleChoiceInputs, options: ForwardOptions = {}): MultipleChoiceOutput {
    const { flat, batch: examples, numChoices } = flattenChoices(inputs);
    return tidyResult(() => {
      const batch = this.encode(flat, options, (prepared) =>
        checkLastPoolingFits(this.pooling, this.blockSize, prepared.seqLen),
      );
      const hidden = batch.encoded.lastHiddenState; // (B * C, L, H)
      const { sentenceOutputs, pooledOutput, logits: scores } = forwardHatPooledHead(this.head, hidden); // scores (B * C, 1)
      const logits = tf.reshape(scores, [examples, numChoices]) as tf.Tensor2D; // (B, C)
      const out: MultipleChoiceOutput = { ...this.passThrough(batch), logits, pooledOutput };
      if (sentenceOutputs) out.sentenceOutputs = sentenceOutputs;
      return out;
    });
  }

  protected disposeHead(): void {
    disposeHatPooledHead(this.head);
  }
}
