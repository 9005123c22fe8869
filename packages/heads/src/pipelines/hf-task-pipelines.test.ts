import { useBackend } from "@longformer-ts/encoder";
import { LongformerTokenizer } from "@longformer-ts/tokenizer";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createPipeline,
  HfLongformerForMultipleChoice,
  LongformerForSequenceClassification,
  MultipleChoicePipeline,
} from "../index.js";
import { hfModelDir } from "../testing/hf-fixtures.test-util.js";

const ARTICLE =
  "The lighthouse stood on the rocks for two hundred years. Every night the keeper climbed its stairs to light the lamp.";

describe("classifyDocument and answerMultipleChoice with HF's own heads (layout chosen from the head)", () => {
  beforeAll(() => useBackend("cpu"));

  it("classifyDocument on an HF head reads [CLS] text [SEP] (global on [CLS]) and matches a direct forward", async () => {
    const clf = await createPipeline("document-classification", hfModelDir("tiny-hf-seqcls"));
    expect(clf.model.headStyle).toBe("hf");
    const [alone, ...rest] = await clf.classifyDocument([ARTICLE, `${ARTICLE} ${ARTICLE}`]);
    expect(rest).toHaveLength(1);
    const tokenizer = await LongformerTokenizer.fromPretrained(hfModelDir("tiny-hf-seqcls"));
    const enc = await tokenizer.encode(ARTICLE);
    const out = clf.model.forward({ inputIds: [enc.ids] });
    const probs = tf.softmax(out.logits).dataSync();
    out.logits.dispose();
    out.pooledOutput.dispose();
    out.lastHiddenState.dispose();
    const direct = clf.model.labels.map((label, i) => ({ label, score: probs[i]! }));
    expect(new Set(clf.model.labels)).toEqual(new Set(["negative", "neutral", "positive"]));
    for (const { label, score } of direct) {
      expect(alone!.scores.find((s) => s.label === label)!.score).toBeCloseTo(score, 5);
    }
    clf.dispose();
  });

  it("answerMultipleChoice on HF's multiple-choice checkpoint uses HF's class and layout", async () => {
    const mc = await createPipeline("multiple-choice", hfModelDir("tiny-hf-mc"));
    expect(mc).toBeInstanceOf(MultipleChoicePipeline);
    expect(mc.model).toBeInstanceOf(HfLongformerForMultipleChoice);
    const example = {
      article: ARTICLE,
      question: "What did the keeper do?",
      options: ["Lit the lamp.", "Sailed away."],
    };
    const answer = await mc.answerMultipleChoice(example);
    expect(answer.scores.map((s) => s.option)).toEqual(example.options);
    expect(answer.scores[0]!.score + answer.scores[1]!.score).toBeCloseTo(1, 6);
    const tokenizer = await LongformerTokenizer.fromPretrained(hfModelDir("tiny-hf-mc"));
    const pieces = async (t: string) => (await tokenizer.encode(t, { addSpecialTokens: false })).ids;
    const rows = await Promise.all(
      example.options.map(async (o) => [
        101,
        ...(await pieces(example.article)),
        ...(await pieces(example.question)),
        102,
        102,
        ...(await pieces(o)),
        102,
      ]),
    );
    const len = Math.max(...rows.map((r) => r.length));
    const out = (mc.model as HfLongformerForMultipleChoice).forward({
      inputIds: [rows.map((r) => [...r, ...new Array(len - r.length).fill(0)])],
      attentionMask: [rows.map((r) => Array.from({ length: len }, (_, i) => (i < r.length ? 1 : 0)))],
    });
    const logits = out.logits.dataSync();
    tf.dispose([out.logits, out.pooledOutput, out.lastHiddenState]);
    expect(answer.scores[0]!.logit).toBeCloseTo(logits[0]!, 5);
    expect(answer.scores[1]!.logit).toBeCloseTo(logits[1]!, 5);
    mc.dispose();
  });

  it("the HF sequence-classification checkpoint loads with HF's head and first-token global attention", async () => {
    const clf = await LongformerForSequenceClassification.fromPretrained(hfModelDir("tiny-hf-seqcls"));
    expect(clf.headStyle).toBe("hf");
    expect(clf.globalAttention).toBe("first-token");
    clf.dispose();
  });
});
