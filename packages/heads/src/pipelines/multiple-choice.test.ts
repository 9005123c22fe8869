import { join } from "node:path";
import { BACKENDS, expectNoTensorLeak, longformerFixturesDir } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MultipleChoiceAnswer, MultipleChoicePipeline } from "../index.js";
import { goldenCase, KERNEL, loadGolden } from "../testing/golden.test-util.js";
import { goldenStrings, goldenText, textSlice } from "../testing/texts.test-util.js";

const modelDir = (name: string) => join(longformerFixturesDir(), "models", name);

describe.each(BACKENDS)("answerMultipleChoice on tiny-mc (%s)", (backend) => {
  const golden = loadGolden("tiny-mc");
  const c = goldenCase(golden, "mc_pool_last");
  let mc: MultipleChoicePipeline;
  beforeAll(async () => {
    mc = await MultipleChoicePipeline.fromPretrained(modelDir("tiny-mc"), { backend, kernel: KERNEL });
  });
  afterAll(() => mc.dispose());

  const examples = [
    { question: "question", options: "options" },
    { question: "question2", options: "options2" },
  ];

  it.each([0, 1])("example %i rebuilt from texts.json: scores = softmax(golden logits)", async (i) => {
    const source = (
      c.source![i] as unknown as { article: { text: string; token_offset: number; n_text_tokens: number } }
    ).article;
    const article = await textSlice(mc.tokenizer, source.text, source.token_offset, source.n_text_tokens);
    const options = goldenStrings(examples[i]!.options);
    const answer = await mc.answerMultipleChoice({ article, question: goldenText(examples[i]!.question), options });
    const logits = Array.from(golden.expected(c.outputs.logits!.key).data).slice(i * 3, i * 3 + 3);
    answer.scores.forEach((s, k) => {
      expect(s.option).toBe(options[k]);
      expect(Math.abs(s.logit - logits[k]!)).toBeLessThanOrEqual(c.outputs.logits!.atol);
    });
    expect(answer.best.index).toBe(logits.indexOf(Math.max(...logits)));
    expect(answer.scores.reduce((a, s) => a + s.score, 0)).toBeCloseTo(1, 6);
    expect(answer.warnings).toEqual([]);
  });

  it("a list runs as batches and gives every example's single-call answer, in order", async () => {
    const golden0 = (
      c.source![0] as unknown as { article: { text: string; token_offset: number; n_text_tokens: number } }
    ).article;
    const article = await textSlice(mc.tokenizer, golden0.text, golden0.token_offset, golden0.n_text_tokens);
    const three = goldenStrings("options");
    const list = [
      { article, question: goldenText("question"), options: three },
      { article: "A short article about ships.", question: "Which?", options: ["this", "that"] },
      { article, question: goldenText("question2"), options: goldenStrings("options2") },
      { article: "Another one.", question: "Why?", options: three },
    ];
    const singles: MultipleChoiceAnswer[] = [];
    for (const example of list) singles.push(await mc.answerMultipleChoice(example));
    for (const batchSize of [1, 2, 8]) {
      const batched = await mc.answerMultipleChoice(list, { batchSize });
      expect(batched).toHaveLength(list.length);
      batched.forEach((answer, i) => {
        expect(answer.scores.map((s) => s.option)).toEqual(list[i]!.options);
        answer.scores.forEach((s, k) => {
          expect(Math.abs(s.logit - singles[i]!.scores[k]!.logit), `batch ${batchSize}, example ${i}`).toBeLessThan(
            1e-5,
          );
        });
        expect(answer.best.index).toBe(singles[i]!.best.index);
      });
    }
    // the golden example keeps matching the golden logits inside a batch
    const logits = Array.from(golden.expected(c.outputs.logits!.key).data).slice(0, 3);
    const [first] = await mc.answerMultipleChoice(list, { batchSize: 8 });
    first!.scores.forEach((s, k) => {
      expect(Math.abs(s.logit - logits[k]!)).toBeLessThanOrEqual(c.outputs.logits!.atol);
    });
  });

  it("rejects an empty list, a bad batchSize and names the bad example of a list", async () => {
    const ok = { article: "a", question: "q?", options: ["yes", "no"] };
    await expect(mc.answerMultipleChoice([])).rejects.toMatchObject({ code: "EMPTY_TEXT" });
    await expect(mc.answerMultipleChoice([ok], { batchSize: 0 })).rejects.toMatchObject({ code: "INVALID_OPTION" });
    await expect(mc.answerMultipleChoice([ok, { ...ok, options: ["yes", ""] }])).rejects.toThrow(
      /examples\[1\]: options\[1\]/,
    );
  });

  it("a long article is truncated with a warning; empty parts are typed errors", async () => {
    const options = goldenStrings("options");
    const answer = await mc.answerMultipleChoice({
      article: goldenText("lighthouse"),
      question: goldenText("question"),
      options,
    });
    expect(answer.warnings.map((w) => w.code)).toEqual(["TRUNCATED"]);
    await expect(mc.answerMultipleChoice({ article: "", question: "q?", options })).rejects.toMatchObject({
      code: "EMPTY_TEXT",
    });
    await expect(mc.answerMultipleChoice({ article: "a", question: "q?", options: [] })).rejects.toMatchObject({
      code: "EMPTY_TEXT",
    });
    await expect(mc.answerMultipleChoice({ article: "a", question: "q?", options: ["yes", " "] })).rejects.toThrow(
      /options\[1\]/,
    );
  });

  it("keeps the live tensor count flat across repeated calls", async () => {
    await expectNoTensorLeak(tf, () =>
      mc.answerMultipleChoice({ article: "A short article.", question: "Which?", options: ["this", "that"] }),
    );
  });
});
