import { useBackend } from "@longformer-ts/encoder";
import { LongformerTokenizer } from "@longformer-ts/tokenizer";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipeline, HeadsError, type QuestionAnsweringPipeline } from "../index.js";
import { hfGoldenCase, hfModelDir } from "../testing/hf-fixtures.test-util.js";

describe("QuestionAnsweringPipeline.answerQuestion", () => {
  let qa: QuestionAnsweringPipeline;
  let tokenizer: LongformerTokenizer;
  const golden = hfGoldenCase("tiny-hf-qa");
  /** Row `b` of the golden case as (question, context) texts, decoded from its ids. */
  async function goldenTexts(b: number): Promise<{ question: string; context: string; ids: number[] }> {
    const ids = golden.inputs.input_ids[b]!.filter((_, i) => golden.inputs.attention_mask[b]![i] === 1);
    const firstSep = ids.indexOf(102);
    const question = await tokenizer.decode(ids.slice(1, firstSep));
    const context = await tokenizer.decode(ids.slice(firstSep + 2, ids.length - 1));
    return { question, context, ids };
  }

  beforeAll(async () => {
    useBackend("cpu");
    qa = await createPipeline("question-answering", hfModelDir("tiny-hf-qa"));
    tokenizer = await LongformerTokenizer.fromPretrained(hfModelDir("tiny-hf-qa"));
  });
  afterAll(() => qa.dispose());

  it.each([0, 1])(
    "golden row %i: ranks the case's best_span first, with character offsets into the context",
    async (b) => {
      const { question, context, ids } = await goldenTexts(b);
      const result = await qa.answerQuestion({ question, context });
      const contextStart = ids.indexOf(102) + 2;
      const encoded = await tokenizer.encode(context, { addSpecialTokens: false });
      // The pipeline re-tokenizes the texts into the golden's exact layout.
      expect([
        101,
        ...(await tokenizer.encode(question, { addSpecialTokens: false })).ids,
        102,
        102,
        ...encoded.ids,
        102,
      ]).toEqual(ids);
      const [s, e] = golden.best_span![b]!;
      expect(result.start).toBe(encoded.offsets[s - contextStart]![0]);
      expect(result.end).toBe(encoded.offsets[e - contextStart]![1]);
      expect(result.answer).toBe(context.slice(result.start, result.end));
      expect(result.windows).toBe(1);
      expect(result.score).toBeGreaterThan(0);
      expect(result.score).toBeLessThanOrEqual(1);
    },
  );

  it("topK answers are distinct, best first, within maxAnswerLength pieces", async () => {
    const { question, context } = await goldenTexts(0);
    const result = await qa.answerQuestion({ question, context }, { topK: 5, maxAnswerLength: 3 });
    expect(result.answers).toHaveLength(5);
    expect(result.answers[0]).toMatchObject({ answer: result.answer, start: result.start });
    const scores = result.answers.map((a) => a.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(new Set(result.answers.map((a) => `${a.start}:${a.end}`)).size).toBe(5);
    for (const a of result.answers) {
      expect(a.answer).toBe(context.slice(a.start, a.end));
      expect((await tokenizer.encode(a.answer, { addSpecialTokens: false })).ids.length).toBeLessThanOrEqual(3);
    }
  });

  it("a context longer than the model is read in overlapping windows; answers come from every part of it", async () => {
    const { question, context } = await goldenTexts(0);
    const long = [context, context, context, context].join(" ");
    const pieces = (await tokenizer.encode(long, { addSpecialTokens: false })).ids.length;
    expect(pieces).toBeGreaterThan(128);
    const before = tf.memory().numTensors;
    const result = await qa.answerQuestion({ question, context: long }, { topK: 400, stride: 20, batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const questionPieces = (await tokenizer.encode(question, { addSpecialTokens: false })).ids.length;
    const room = 128 - questionPieces - 4;
    expect(result.windows).toBe(Math.ceil((pieces - room) / (room - 20)) + 1);
    for (const a of result.answers) expect(a.answer).toBe(long.slice(a.start, a.end));
    expect(Math.max(...result.answers.map((a) => a.end))).toBeGreaterThan(long.length - context.length);
    // The single-window context's best answer, repeated 4 times, is found in the first copy with the same span.
    const single = await qa.answerQuestion({ question, context });
    expect(result.answers.some((a) => a.start === single.start && a.end === single.end)).toBe(true);
  });

  it("handleImpossibleAnswer adds the empty answer at 0..0 with [CLS]'s score", async () => {
    const { question, context } = await goldenTexts(1);
    const result = await qa.answerQuestion({ question, context }, { handleImpossibleAnswer: true, topK: 5000 });
    const empty = result.answers.find((a) => a.answer === "");
    expect(empty).toMatchObject({ start: 0, end: 0 });
    expect(empty!.score).toBeGreaterThan(0);
    // Ranked among the spans by its score; without the option it is never offered.
    const scores = result.answers.map((a) => a.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    const plain = await qa.answerQuestion({ question, context }, { topK: 5000 });
    expect(plain.answers.some((a) => a.answer === "")).toBe(false);
    expect(plain.answers).toHaveLength(result.answers.length - 1);
  });

  it("typed errors for bad input and options", async () => {
    await expect(qa.answerQuestion({ question: " ", context: "x" })).rejects.toMatchObject({ code: "EMPTY_TEXT" });
    await expect(qa.answerQuestion({ question: "q", context: "c" }, { topK: 0 })).rejects.toBeInstanceOf(HeadsError);
    await expect(qa.answerQuestion({ question: "q", context: "c" }, { stride: 1000 })).rejects.toMatchObject({
      code: "INVALID_OPTION",
    });
  });
});
