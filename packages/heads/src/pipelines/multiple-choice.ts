import type { WeightMap } from "@longformer-ts/convert";
import type { LongformerConfig } from "@longformer-ts/encoder";
import type { Grouping, MultipleChoiceEncoding, MultipleChoiceExample } from "@longformer-ts/tokenizer";
import { HeadsError } from "../errors.js";
import { HfLongformerForMultipleChoice, isHfMultipleChoiceLayout } from "../models/hf-multiple-choice.js";
import { LongformerForMultipleChoice, type MultipleChoiceOptions } from "../models/multiple-choice.js";
import { type MultipleChoiceAnswer, scoreChoices } from "./choice-scores.js";
import { checkFiniteLogits } from "./finite-output.js";
import { answerHfMultipleChoiceBatch } from "./hf-multiple-choice-batch.js";
import { batchSizeOption, checkText, modelTokenLimit, Pipeline } from "./pipeline-base.js";
import { takeLogits } from "./take-logits.js";
import { truncationWarnings } from "./warnings.js";

export interface AnswerMultipleChoiceOptions {
  /** How the article is cut into blocks (default `"uniform"`, HAT's QuALITY script). */
  grouping?: Grouping;
  /**
   * With a list: examples per forward (default 2; each example is one sequence per option). Consecutive
   * examples with the same number of options share a forward; a different count starts a new one.
   */
  batchSize?: number;
}

export type { ChoiceScore, MultipleChoiceAnswer } from "./choice-scores.js";

/** HAT's head, or HF's own when the checkpoint has HF's weights (both are saved as `LongformerForMultipleChoice`). */
export type AnyMultipleChoiceModel = LongformerForMultipleChoice | HfLongformerForMultipleChoice;

export const multipleChoiceModel = {
  name: "LongformerForMultipleChoice",
  fromWeights(config: LongformerConfig, weights: WeightMap, options?: MultipleChoiceOptions): AnyMultipleChoiceModel {
    return isHfMultipleChoiceLayout(weights)
      ? HfLongformerForMultipleChoice.fromWeights(config, weights, options)
      : LongformerForMultipleChoice.fromWeights(config, weights, options);
  },
};

/**
 * Multiple choice with HAT's head in the QuALITY layout (article blocks, question block, option block).
 *
 * @example
 * const mc = await MultipleChoicePipeline.fromPretrained("models/my-hat-quality");
 * const { best, scores } = await mc.answerMultipleChoice({ article, question, options: ["A", "B", "C"] });
 * mc.dispose();
 */
export class MultipleChoicePipeline extends Pipeline<AnyMultipleChoiceModel> {
  static readonly modelClass = multipleChoiceModel;

  answerMultipleChoice(
    example: MultipleChoiceExample,
    options?: AnswerMultipleChoiceOptions,
  ): Promise<MultipleChoiceAnswer>;
  answerMultipleChoice(
    examples: MultipleChoiceExample[],
    options?: AnswerMultipleChoiceOptions,
  ): Promise<MultipleChoiceAnswer[]>;
  async answerMultipleChoice(
    input: MultipleChoiceExample | MultipleChoiceExample[],
    options: AnswerMultipleChoiceOptions = {},
  ): Promise<MultipleChoiceAnswer | MultipleChoiceAnswer[]> {
    this.checkAlive();
    const single = !Array.isArray(input);
    const examples = single ? [input] : input;
    if (examples.length === 0) {
      throw new HeadsError("EMPTY_TEXT", "answerMultipleChoice: the list of examples is empty");
    }
    examples.forEach((example, i) => {
      checkExample(example, single ? "answerMultipleChoice" : `answerMultipleChoice: examples[${i}]`);
    });
    const batchSize = batchSizeOption(options.batchSize, 2, "answerMultipleChoice");
    const answers: MultipleChoiceAnswer[] = [];
    let start = 0;
    while (start < examples.length) {
      // A run of examples with as many options as the first one, at most batchSize long.
      const choices = (examples[start] as MultipleChoiceExample).options.length;
      let end = start + 1;
      while (end < examples.length && end - start < batchSize && examples[end]?.options.length === choices) end++;
      answers.push(...(await this.answerBatch(examples.slice(start, end), start, single, options)));
      start = end;
    }
    return single ? (answers[0] as MultipleChoiceAnswer) : answers;
  }

  private async answerBatch(
    examples: MultipleChoiceExample[],
    firstIndex: number,
    single: boolean,
    options: AnswerMultipleChoiceOptions,
  ): Promise<MultipleChoiceAnswer[]> {
    if (this.model instanceof HfLongformerForMultipleChoice) {
      return answerHfMultipleChoiceBatch(this.model, this.tokenizer, examples, (b) =>
        single ? "answerMultipleChoice" : `answerMultipleChoice: examples[${firstIndex + b}]`,
      );
    }
    const batch = await this.tokenizer.encodeMultipleChoiceBatch(examples, {
      grouping: options.grouping ?? "uniform",
      maxLength: modelTokenLimit(this.model.config),
      maxSentenceLength: this.model.blockSize,
    });
    const out = this.model.forward({
      inputIds: batch.inputIds,
      attentionMask: batch.attentionMask,
      tokenTypeIds: batch.tokenTypeIds,
    });
    const logits = takeLogits(out); // (batch, choices)
    const choices = (examples[0] as MultipleChoiceExample).options.length;
    checkFiniteLogits(logits, choices, "answerMultipleChoice", (b) =>
      single ? "the example" : `examples[${firstIndex + b}]`,
    );
    return examples.map((example, b) => {
      const label = single ? "answerMultipleChoice" : `answerMultipleChoice: examples[${firstIndex + b}]`;
      const row = logits.subarray(b * choices, (b + 1) * choices);
      return answerFromLogits(example, row, batch.examples[b] as MultipleChoiceEncoding, label);
    });
  }
}

function checkExample(example: MultipleChoiceExample, label: string): void {
  if (typeof example !== "object" || example === null) {
    throw new HeadsError("INVALID_INPUT", `${label} needs { article, question, options }`);
  }
  checkText(example.article, `${label}: article`);
  checkText(example.question, `${label}: question`);
  if (!Array.isArray(example.options) || example.options.length === 0) {
    throw new HeadsError("EMPTY_TEXT", `${label}: options must be a non-empty list of strings`);
  }
  example.options.forEach((o, i) => {
    checkText(o, `${label}: options[${i}]`);
  });
}

/** Softmax over one example's option logits, the best option, and the truncation warnings of its HAT encoding. */
function answerFromLogits(
  example: MultipleChoiceExample,
  logits: Float32Array,
  encoded: MultipleChoiceEncoding,
  label: string,
): MultipleChoiceAnswer {
  const warnings = [
    ...truncationWarnings(encoded.article.truncation, `${label}: the article`),
    ...truncationWarnings(encoded.questionTruncation, `${label}: the question`).map((w) => ({
      ...w,
      code: "QUESTION_TRUNCATED" as const,
    })),
    ...encoded.optionTruncations.flatMap((t, i) =>
      truncationWarnings(t, `${label}: options[${i}]`).map((w) => ({
        ...w,
        code: "OPTION_TRUNCATED" as const,
      })),
    ),
  ];
  return scoreChoices(example, logits, warnings);
}
