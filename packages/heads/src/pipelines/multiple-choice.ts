import type { Grouping, MultipleChoiceEncoding, MultipleChoiceExample } from "@longformer-ts/tokenizer";
import { HeadsError } from "../errors.js";
import { disposeOutput } from "../models/head-model.js";
import { LongformerForMultipleChoice } from "../models/multiple-choice.js";
import { checkFiniteLogits } from "./finite-output.js";
import { batchSizeOption, checkText, modelTokenLimit, Pipeline } from "./pipeline-base.js";
import { type PipelineWarning, truncationWarnings } from "./warnings.js";

export interface AnswerMultipleChoiceOptions {
  /** How the article is cut into blocks (default `"uniform"`, HAT's QuALITY script). */
  grouping?: Grouping;
  /**
   * With a list: examples per forward (default 2; each example is one sequence per option). Consecutive
   * examples with the same number of options share a forward; a different count starts a new one.
   */
  batchSize?: number;
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
  static readonly modelClass = LongformerForMultipleChoice;

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
    let logits: Float32Array;
    try {
      logits = out.logits.dataSync() as Float32Array; // (batch, choices)
    } finally {
      disposeOutput(out);
    }
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

/** Softmax over one example's option logits, the best option, and the truncation warnings of its encoding. */
function answerFromLogits(
  example: MultipleChoiceExample,
  logits: Float32Array,
  encoded: MultipleChoiceEncoding,
  label: string,
): MultipleChoiceAnswer {
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
  return { scores, best, warnings };
}
