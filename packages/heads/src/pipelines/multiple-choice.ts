import type { LoadedWeights } from "@longformer-ts/convert";
import type { Grouping, MultipleChoiceExample } from "@longformer-ts/tokenizer";
import { HeadsError } from "../errors.js";
import { disposeOutput } from "../models/head-model.js";
import { LongformerForMultipleChoice, type MultipleChoiceOptions } from "../models/multiple-choice.js";
import { checkText, loadPipelineParts, modelTokenLimit, Pipeline, type PipelineOptions } from "./pipeline-base.js";
import { type PipelineWarning, truncationWarnings } from "./warnings.js";

export interface AnswerMultipleChoiceOptions {
  /** How the article is cut into blocks (default `"uniform"`, HAT's QuALITY script). */
  grouping?: Grouping;
}

export interface ChoiceScore {
  index: number;
  option: string;
  /** Softmax over the options. */
  score: number;
  logit: number;
}

export interface MultipleChoiceAnswer {
  /** One entry per option, in the given order. */
  scores: ChoiceScore[];
  best: ChoiceScore;
  warnings: PipelineWarning[];
}

/**
 * Multiple choice with HAT's head in the QuALITY layout (article blocks, question block, option block).
 *
 * @example
 * const mc = await MultipleChoicePipeline.fromPretrained("models/my-hat-quality");
 * const { best, scores } = await mc.answerMultipleChoice({ article, question, options: ["A", "B", "C"] });
 * mc.dispose();
 */
export class MultipleChoicePipeline extends Pipeline<LongformerForMultipleChoice> {
  static async fromPretrained(
    source: string | URL | LoadedWeights,
    options: PipelineOptions & MultipleChoiceOptions = {},
  ): Promise<MultipleChoicePipeline> {
    const { model, tokenizer } = await loadPipelineParts(source, options, (config, weights, modelOptions) =>
      LongformerForMultipleChoice.fromWeights(config, weights, modelOptions),
    );
    return new MultipleChoicePipeline(model, tokenizer);
  }

  async answerMultipleChoice(
    example: MultipleChoiceExample,
    options: AnswerMultipleChoiceOptions = {},
  ): Promise<MultipleChoiceAnswer> {
    this.checkAlive();
    if (typeof example !== "object" || example === null) {
      throw new HeadsError("INVALID_INPUT", "answerMultipleChoice needs { article, question, options }");
    }
    checkText(example.article, "answerMultipleChoice: article");
    checkText(example.question, "answerMultipleChoice: question");
    if (!Array.isArray(example.options) || example.options.length === 0) {
      throw new HeadsError("EMPTY_TEXT", "answerMultipleChoice: options must be a non-empty list of strings");
    }
    example.options.forEach((o, i) => {
      checkText(o, `answerMultipleChoice: options[${i}]`);
    });
    const encoded = await this.tokenizer.encodeMultipleChoice(example, {
      grouping: options.grouping ?? "uniform",
      maxLength: modelTokenLimit(this.model.config),
      maxSentenceLength: this.model.blockSize,
    });
    const out = this.model.forward({
      inputIds: [encoded.inputIds],
      attentionMask: [encoded.attentionMask],
      tokenTypeIds: [encoded.tokenTypeIds],
    });
    let logits: Float32Array;
    try {
      logits = out.logits.dataSync() as Float32Array; // (1, choices)
    } finally {
      disposeOutput(out);
    }
    const max = Math.max(...logits);
    const exps = Array.from(logits, (l) => Math.exp(l - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    const scores = example.options.map((option, index) => ({
      index,
      option,
      score: (exps[index] as number) / sum,
      logit: logits[index] as number,
    }));
    const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
    const warnings = [
      ...truncationWarnings(encoded.article.truncation, "answerMultipleChoice: the article"),
      ...truncationWarnings(encoded.questionTruncation, "answerMultipleChoice: the question").map((w) => ({
        ...w,
        code: "QUESTION_TRUNCATED" as const,
      })),
      ...encoded.optionTruncations.flatMap((t, i) =>
        truncationWarnings(t, `answerMultipleChoice: options[${i}]`).map((w) => ({
          ...w,
          code: "OPTION_TRUNCATED" as const,
        })),
      ),
    ];
    return { scores, best, warnings };
  }
}
