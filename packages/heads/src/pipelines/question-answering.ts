import type { Encoding } from "@longformer-ts/tokenizer";
import { HeadsError } from "../errors.js";
import { disposeOutput } from "../models/head-model.js";
import { LongformerForQuestionAnswering } from "../models/hf-question-answering.js";
import { checkFiniteLogits } from "./finite-output.js";
import { batchSizeOption, checkText, modelTokenLimit, Pipeline } from "./pipeline-base.js";
import { scoreSpans } from "./span-scores.js";
import { positiveIntOption, slidingWindows, type TokenWindow } from "./token-windows.js";
import type { PipelineWarning } from "./warnings.js";

export interface QuestionInput {
  question: string;
  context: string;
}

export interface AnswerQuestionOptions {
  /** Answers to return, best first (default 1). */
  topK?: number;
  /** Longest answer in word pieces (default 15, HF's `max_answer_len`). */
  maxAnswerLength?: number;
  /** Also consider "no answer" (`[CLS]`): when it scores highest it is returned as `answer: ""` at 0..0 (default false). */
  handleImpossibleAnswer?: boolean;
  /** Overlap in word pieces between context windows when the context does not fit (default 128, at most half a window). */
  stride?: number;
  /** The question is cut to this many pieces (default 64, HF's `max_question_len`), with a warning. */
  maxQuestionLength?: number;
  /** Windows per forward pass (default 4). */
  batchSize?: number;
}

export interface QuestionAnswer {
  /** `context.slice(start, end)`; `""` for "no answer". */
  answer: string;
  score: number;
  /** Character offsets into `context`. */
  start: number;
  end: number;
}

export interface QuestionAnswering extends QuestionAnswer {
  /** The `topK` best answers over every window, best first (the first is the one spread above). */
  answers: QuestionAnswer[];
  /** How many windows the context was read in. */
  windows: number;
  warnings: PipelineWarning[];
}

/**
 * Extractive question answering with HF's `LongformerForQuestionAnswering` (HF `question-answering` pipeline).
 * The pair is laid out `[CLS] question [SEP] [SEP] context [SEP]` (global attention on the question); a context
 * longer than the model is read in overlapping windows and the best span over all windows wins. Spans are scored
 * as HF does (`p_start * p_end`, softmaxes over the context and `[CLS]`); one difference: a span found in two
 * overlapping windows is listed once, with its best score.
 *
 * @example
 * const qa = await QuestionAnsweringPipeline.fromPretrained("models/my-triviaqa");
 * const { answer, score, start, end } = await qa.answerQuestion({ question, context: longText });
 * qa.dispose();
 */
export class QuestionAnsweringPipeline extends Pipeline<LongformerForQuestionAnswering> {
  static readonly modelClass = LongformerForQuestionAnswering;

  async answerQuestion(input: QuestionInput, options: AnswerQuestionOptions = {}): Promise<QuestionAnswering> {
    this.checkAlive();
    if (typeof input !== "object" || input === null) {
      throw new HeadsError("INVALID_INPUT", "answerQuestion: input must be { question, context }");
    }
    const question = checkText(input.question, "answerQuestion: question");
    const context = checkText(input.context, "answerQuestion: context");
    const topK = positiveIntOption(options.topK, 1, "answerQuestion: topK");
    const maxAnswerLength = positiveIntOption(options.maxAnswerLength, 15, "answerQuestion: maxAnswerLength");
    const maxQuestionLength = positiveIntOption(options.maxQuestionLength, 64, "answerQuestion: maxQuestionLength");
    const batchSize = batchSizeOption(options.batchSize, 4, "answerQuestion");
    const warnings: PipelineWarning[] = [];

    const q = await this.tokenizer.encode(question, { addSpecialTokens: false });
    const c = await this.tokenizer.encode(context, { addSpecialTokens: false });
    let questionIds = q.ids;
    if (questionIds.length > maxQuestionLength) {
      questionIds = questionIds.slice(0, maxQuestionLength);
      warnings.push({
        code: "QUESTION_TRUNCATED",
        message: `answerQuestion: the question has ${q.ids.length} word pieces; only the first ${maxQuestionLength} were read`,
      });
    }
    const room = modelTokenLimit(this.model.config) - questionIds.length - 4; // [CLS] q [SEP] [SEP] ctx [SEP]
    const stride = options.stride ?? Math.min(128, Math.floor(room / 2));
    const windows = slidingWindows(c.ids.length, room, stride, "answerQuestion");

    const candidates: QuestionAnswer[] = [];
    let nullScore = Number.POSITIVE_INFINITY; // HF keeps the lowest "no answer" score over the windows
    for (let i = 0; i < windows.length; i += batchSize) {
      const found = this.scoreWindows(questionIds, c, windows.slice(i, i + batchSize), maxAnswerLength, topK);
      candidates.push(...found.answers);
      nullScore = Math.min(nullScore, found.nullScore);
    }
    const answers = bestDistinct(candidates, context, topK);
    if (options.handleImpossibleAnswer) {
      answers.push({ answer: "", score: nullScore, start: 0, end: 0 });
      answers.sort((a, b) => b.score - a.score);
      answers.splice(topK);
    }
    const best = answers[0] as QuestionAnswer;
    return { ...best, answers, windows: windows.length, warnings };
  }

  /** One forward over a few windows: every window's `topK` spans (char offsets) and the lowest null score. */
  private scoreWindows(
    questionIds: number[],
    context: Encoding,
    windows: TokenWindow[],
    maxAnswerLength: number,
    topK: number,
  ): { answers: QuestionAnswer[]; nullScore: number } {
    const { cls, sep, pad } = this.tokenizer.specialTokens;
    const contextStart = questionIds.length + 3;
    const rows = windows.map((w) => [
      cls.id,
      ...questionIds,
      sep.id,
      sep.id,
      ...context.ids.slice(w.start, w.end),
      sep.id,
    ]);
    const seqLen = Math.max(...rows.map((r) => r.length));
    const inputIds = rows.map((r) => [...r, ...new Array<number>(seqLen - r.length).fill(pad.id)]);
    const attentionMask = rows.map((r) => r.map(() => 1).concat(new Array<number>(seqLen - r.length).fill(0)));
    // HF's rule (global on [CLS] + question), given explicitly so a literal sep inside the context cannot break it.
    const globalAttentionMask = rows.map(() =>
      Array.from({ length: seqLen }, (_, i) => (i < contextStart - 2 ? 1 : 0)),
    );
    const out = this.model.forward({ inputIds, attentionMask, globalAttentionMask });
    let starts: Float32Array;
    let ends: Float32Array;
    try {
      starts = out.startLogits.dataSync() as Float32Array;
      ends = out.endLogits.dataSync() as Float32Array;
    } finally {
      disposeOutput(out);
    }
    checkFiniteLogits(starts, seqLen, "answerQuestion", (i) => `window ${i}`);
    checkFiniteLogits(ends, seqLen, "answerQuestion", (i) => `window ${i}`);
    const answers: QuestionAnswer[] = [];
    let nullScore = Number.POSITIVE_INFINITY;
    windows.forEach((w, b) => {
      const row = (data: Float32Array) => data.subarray(b * seqLen, (b + 1) * seqLen);
      const last = contextStart + (w.end - w.start) - 1;
      const scored = scoreSpans(row(starts), row(ends), { first: contextStart, last }, maxAnswerLength, topK);
      nullScore = Math.min(nullScore, scored.nullScore);
      for (const span of scored.spans) {
        const first = context.offsets[w.start + span.start - contextStart] as [number, number];
        const lastPiece = context.offsets[w.start + span.end - contextStart] as [number, number];
        answers.push({ answer: "", score: span.score, start: first[0], end: lastPiece[1] });
      }
    });
    return { answers, nullScore };
  }
}

/** The `topK` best answers, each character span once (overlapping windows find the same span), text filled in. */
function bestDistinct(candidates: QuestionAnswer[], context: string, topK: number): QuestionAnswer[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score || a.start - b.start);
  const seen = new Set<string>();
  const out: QuestionAnswer[] = [];
  for (const a of sorted) {
    const key = `${a.start}:${a.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...a, answer: context.slice(a.start, a.end) });
    if (out.length === topK) break;
  }
  return out;
}
