import { join } from "node:path";
import { loadWeights } from "@longformer-ts/convert";
import { useBackend } from "@longformer-ts/encoder";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  disposeOutput,
  LongformerForMaskedLM,
  LongformerForMultipleChoice,
  LongformerForSentenceClassification,
  LongformerForSequenceClassification,
  loadModel,
} from "../index.js";
import { KERNEL } from "../testing/golden.test-util.js";

const dir = (name: string) => join(longformerFixturesDir(), "models", name);

describe("loadModel picks the head from config.architectures", () => {
  beforeAll(() => useBackend("cpu"));

  it.each([
    ["tiny-mlm", LongformerForMaskedLM, "fill-mask", 2],
    ["tiny-seqcls", LongformerForSequenceClassification, "document-classification", 3],
    ["tiny-sentcls", LongformerForSentenceClassification, "sentence-tagging", 4],
    ["tiny-mc", LongformerForMultipleChoice, "multiple-choice", 4],
  ] as const)("%s -> %o", async (name, cls, task, labels) => {
    const before = tf.memory().numTensors;
    const model = await loadModel(dir(name), { kernel: KERNEL });
    expect(model).toBeInstanceOf(cls);
    expect(model.task).toBe(task);
    expect(model.labels).toEqual(Array.from({ length: labels }, (_, i) => `LABEL_${i}`));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("reads the HAT defaults: 'max' pooling for documents, 'last' for multiple choice, global attention on CLS/SEP", async () => {
    const seq = await loadModel(dir("tiny-seqcls"), { kernel: KERNEL });
    const mc = await loadModel(dir("tiny-mc"), { multipleChoicePooling: "first", kernel: KERNEL });
    try {
      expect(seq instanceof LongformerForSequenceClassification && seq.pooling).toBe("max");
      expect(mc instanceof LongformerForMultipleChoice && mc.pooling).toBe("first");
      expect(seq.globalAttention).toBe("special-tokens");
      expect(seq.globalTokenIds).toEqual({ clsTokenId: 101, sepTokenId: 102 });
    } finally {
      seq.dispose();
      mc.dispose();
    }
  });

  it("an explicit globalAttentionMask replaces the CLS/SEP rule", async () => {
    const model = await loadModel(dir("tiny-mlm"), { kernel: KERNEL });
    try {
      if (!(model instanceof LongformerForMaskedLM)) throw new Error("expected LongformerForMaskedLM");
      const ids = [[101, 2023, 103, 2003, 102, 2178]];
      const auto = model.forward({ inputIds: ids });
      expect(auto.globalAttentionMask).toEqual([[1, 0, 0, 0, 1, 0]]);
      disposeOutput(auto);
      const explicit = model.forward({ inputIds: ids, globalAttentionMask: [[0, 1, 0, 0, 0, 0]] });
      expect(explicit.globalAttentionMask).toEqual([[0, 1, 0, 0, 0, 0]]);
      disposeOutput(explicit);
    } finally {
      model.dispose();
    }
  });

  it("problem_type from the config (multi-label sentence tagging), else inferred from the label count", async () => {
    const loaded = await loadWeights(dir("tiny-sentcls"));
    const multi = await loadModel(
      { ...loaded, config: { ...loaded.config, problem_type: "multi_label_classification" } },
      { kernel: KERNEL },
    );
    const single = await loadModel(loaded, { kernel: KERNEL });
    try {
      expect(multi instanceof LongformerForSentenceClassification && multi.problemType).toBe(
        "multi_label_classification",
      );
      expect(single instanceof LongformerForSentenceClassification && single.problemType).toBe(
        "single_label_classification",
      );
    } finally {
      multi.dispose();
      single.dispose();
    }
  });
});
