import type { WeightMap } from "@longformer-ts/convert";
import type { ForwardOptions, LongformerConfig, LongformerInputs, WeightSpec } from "@longformer-ts/encoder";
import { Linear, type LinearPart, tidyResult } from "@longformer-ts/encoder/modules";
import * as tf from "@tensorflow/tfjs-core";
import { withQuestionGlobalMask } from "../inputs/hf-question-global.js";
import { prepareHeadWeights } from "../weights/head-weights.js";
import { buildWithEncoder, HeadModel, type HeadModelOptions, type HeadModelOutput } from "./head-model.js";
import { requireSepTokenId } from "./hf-head-options.js";

export interface QuestionAnsweringOutput extends HeadModelOutput {
  /** (B, L) */
  startLogits: tf.Tensor2D;
  /** (B, L) */
  endLogits: tf.Tensor2D;
}

/** HF's `qa_outputs`: start and end logits per token, `(2, H)`. */
function qaOutputsPart(config: LongformerConfig): LinearPart {
  return { name: "qa_outputs", inFeatures: config.hiddenSize, outFeatures: 2 };
}

/**
 * HF `LongformerForQuestionAnswering` (extractive QA, the TriviaQA/SQuAD checkpoints): encoder, then `qa_outputs`
 * (2, H) on every token -> start and end logits. Without a `globalAttentionMask` (and without a `globalAttention`
 * option), global attention goes on every token before the first sep (the question), and each row must hold
 * exactly three seps: `[CLS] question [SEP] [SEP] context [SEP]` (HF's check; `HeadsError` `SEPARATOR_COUNT`).
 *
 * @example
 * const qa = await LongformerForQuestionAnswering.fromPretrained("models/my-triviaqa");
 * const out = qa.forward({ inputIds, attentionMask });
 * out.startLogits.shape; // [batch, seq]
 * disposeOutput(out);
 */
export class LongformerForQuestionAnswering extends HeadModel {
  readonly task = "question-answering" as const;
  private readonly qaOutputs: Linear;
  private readonly automaticGlobal: boolean;

  private constructor(
    config: LongformerConfig,
    encoder: HeadModel["encoder"],
    qaOutputs: Linear,
    options: HeadModelOptions,
  ) {
    super(config, encoder, options, "none");
    this.qaOutputs = qaOutputs;
    this.automaticGlobal = options.globalAttention === undefined;
  }

  static weightSpecs(config: LongformerConfig): WeightSpec[] {
    return Linear.weightSpecs(qaOutputsPart(config));
  }

  static fromWeights(
    config: LongformerConfig,
    weights: WeightMap,
    options: HeadModelOptions = {},
  ): LongformerForQuestionAnswering {
    const head = "LongformerForQuestionAnswering";
    const specs = LongformerForQuestionAnswering.weightSpecs(config);
    const { reader, prefix } = prepareHeadWeights(
      config,
      weights,
      { head, task: "question-answering", specs },
      options,
    );
    return buildWithEncoder(config, reader, prefix, options, (encoder) => {
      const qaOutputs = Linear.fromReader(reader, qaOutputsPart(config));
      try {
        return new LongformerForQuestionAnswering(config, encoder, qaOutputs, options);
      } catch (error) {
        qaOutputs.dispose();
        throw error;
      }
    });
  }

  forward(inputs: LongformerInputs, options: ForwardOptions = {}): QuestionAnsweringOutput {
    this.checkAlive();
    const withGlobal = this.automaticGlobal
      ? withQuestionGlobalMask(
          inputs,
          this.config,
          requireSepTokenId(this.globalTokenIds, "LongformerForQuestionAnswering"),
          "question",
          "LongformerForQuestionAnswering",
        )
      : inputs;
    return tidyResult(() => {
      const batch = this.encode(withGlobal, options);
      const hidden = batch.encoded.lastHiddenState; // (B, L, H)
      const logits = this.qaOutputs.forward(hidden) as tf.Tensor3D; // (B, L, 2)
      const [startLogits, endLogits] = tf.unstack(logits, 2) as [tf.Tensor2D, tf.Tensor2D]; // (B, L) each
      return { ...this.passThrough(batch), startLogits, endLogits };
    });
  }

  protected disposeHead(): void {
    this.qaOutputs.dispose();
  }
}
