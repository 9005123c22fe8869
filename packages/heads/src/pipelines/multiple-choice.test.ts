import { join } from "node:path";
import type { BackendName } from "@longformer-ts/encoder";
import { expectNoTensorLeak, longformerFixturesDir } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MultipleChoicePipeline } from "../index.js";
import { goldenCase, KERNEL, loadGolden } from "../testing/golden.test-util.js";
import { goldenStrings, goldenText, textSlice } from "../testing/texts.test-util.js";

const modelDir = (name: string) => join(longformerFixturesDir(), "models", name);

describe.each<BackendName>(["wasm", "cpu"])("answerMultipleChoice on tiny-mc (%s)", (backend) => {
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
