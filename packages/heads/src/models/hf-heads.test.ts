import { useBackend } from "@longformer-ts/encoder";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  disposeOutput,
  HeadsError,
  HfLongformerForMultipleChoice,
  LongformerForMaskedLM,
  LongformerForMultipleChoice,
  LongformerForQuestionAnswering,
  LongformerForSentenceClassification,
  LongformerForSequenceClassification,
  LongformerForTokenClassification,
  loadModel,
} from "../index.js";
import { hatModelDir, hfGoldenCase, hfModelDir } from "../testing/hf-fixtures.test-util.js";

describe("HF's own heads", () => {
  beforeAll(() => useBackend("cpu"));

  it.each([
    [hatModelDir("tiny-mlm"), LongformerForMaskedLM, "fill-mask"],
    [hatModelDir("tiny-seqcls"), LongformerForSequenceClassification, "document-classification"],
    [hfModelDir("tiny-hf-seqcls"), LongformerForSequenceClassification, "document-classification"],
    [hatModelDir("tiny-sentcls"), LongformerForSentenceClassification, "sentence-tagging"],
    [hatModelDir("tiny-mc"), LongformerForMultipleChoice, "multiple-choice"],
    [hfModelDir("tiny-hf-mc"), HfLongformerForMultipleChoice, "multiple-choice"],
    [hfModelDir("tiny-hf-qa"), LongformerForQuestionAnswering, "question-answering"],
    [hfModelDir("tiny-hf-tokcls"), LongformerForTokenClassification, "token-classification"],
  ] as const)("loadModel(%s) builds %O (all eight architectures)", async (dir, cls, task) => {
    const before = tf.memory().numTensors;
    const model = await loadModel(dir);
    expect(model).toBeInstanceOf(cls);
    expect(model.task).toBe(task);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("QA: automatic global attention on [CLS] + question; an explicit mask overrides it", async () => {
    const qa = await LongformerForQuestionAnswering.fromPretrained(hfModelDir("tiny-hf-qa"));
    const { input_ids, attention_mask } = hfGoldenCase("tiny-hf-qa").inputs;
    const auto = qa.forward({ inputIds: input_ids, attentionMask: attention_mask });
    const firstSep = input_ids.map((row) => row.indexOf(102));
    expect(auto.globalAttentionMask).toEqual(input_ids.map((row, b) => row.map((_, i) => (i < firstSep[b]! ? 1 : 0))));
    const firstOnly = input_ids.map((row) => row.map((_, i) => (i === 0 ? 1 : 0)));
    const explicit = qa.forward({ inputIds: input_ids, attentionMask: attention_mask, globalAttentionMask: firstOnly });
    expect(explicit.globalAttentionMask).toEqual(firstOnly);
    const diff = tf.max(tf.abs(tf.sub(auto.startLogits, explicit.startLogits))).dataSync()[0]!;
    expect(diff).toBeGreaterThan(1e-4);
    disposeOutput(auto);
    disposeOutput(explicit);
    qa.dispose();
  });

  it("QA and HF multiple choice refuse rows without exactly three seps (HF's check), unless a mask is given", async () => {
    const qa = await LongformerForQuestionAnswering.fromPretrained(hfModelDir("tiny-hf-qa"));
    const ids = [[101, 2054, 102, 1996, 3578, 102]];
    const error = (() => {
      try {
        qa.forward({ inputIds: ids });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(HeadsError);
    expect(error).toMatchObject({ code: "SEPARATOR_COUNT" });
    expect((error as Error).message).toMatch(/row 0 holds 2 sep tokens/);
    const out = qa.forward({ inputIds: ids, globalAttentionMask: [[1, 0, 0, 0, 0, 0]] });
    expect(out.startLogits.shape).toEqual([1, 6]);
    disposeOutput(out);
    qa.dispose();
    const mc = await HfLongformerForMultipleChoice.fromPretrained(hfModelDir("tiny-hf-mc"));
    expect(() => mc.forward({ inputIds: [[[101, 2054, 102, 1996, 102]]] })).toThrow(/holds 2 sep tokens/);
    mc.dispose();
  });

  it("HF multiple choice: global attention on every token after the second sep", async () => {
    const mc = await HfLongformerForMultipleChoice.fromPretrained(hfModelDir("tiny-hf-mc"));
    const out = mc.forward({ inputIds: [[[101, 2054, 2003, 102, 102, 1996, 3578, 102]]] });
    expect(out.globalAttentionMask).toEqual([[0, 0, 0, 0, 0, 1, 1, 1]]);
    expect(out.logits.shape).toEqual([1, 1]);
    disposeOutput(out);
    mc.dispose();
  });

  it("token classification: no automatic global attention, one row of logits per token", async () => {
    const ner = await LongformerForTokenClassification.fromPretrained(hfModelDir("tiny-hf-tokcls"));
    const out = ner.forward({ inputIds: [[101, 1996, 3578, 102]] });
    expect(out.globalAttentionMask).toEqual([[0, 0, 0, 0]]);
    expect(out.logits.shape).toEqual([1, 4, 5]);
    expect(ner.labels).toEqual(["O", "B-PARTY", "I-PARTY", "B-DATE", "I-DATE"]);
    disposeOutput(out);
    ner.dispose();
  });

  it("a classifier asked of a QA checkpoint (no max_sentence_length) says the head is missing, naming the architecture", async () => {
    await expect(LongformerForSequenceClassification.fromPretrained(hfModelDir("tiny-hf-qa"))).rejects.toMatchObject({
      code: "MISSING_HEAD_WEIGHTS",
      checkpointArchitectures: ["LongformerForQuestionAnswering"],
    });
  });

  it("HAT's class still refuses HF's multiple-choice weights (loadModel picks the HF class for them)", async () => {
    await expect(LongformerForMultipleChoice.fromPretrained(hfModelDir("tiny-hf-mc"))).rejects.toMatchObject({
      code: "UNSUPPORTED_ARCHITECTURE",
    });
    await expect(LongformerForMultipleChoice.fromPretrained(hfModelDir("tiny-hf-mc"))).rejects.toThrow(
      /load it with HfLongformerForMultipleChoice or loadModel\(\)/,
    );
  });
});
