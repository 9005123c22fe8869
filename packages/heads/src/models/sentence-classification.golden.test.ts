import { useBackend } from "@longformer-ts/encoder";
import { expectNoTensorLeak } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeOutput, LongformerForSentenceClassification } from "../index.js";
import {
  BACKENDS,
  caseInputs,
  compareCase,
  ErrorLedger,
  expectCaseMatches,
  goldenCase,
  KERNEL,
  loadGolden,
} from "../testing/golden.test-util.js";

const ledger = new ErrorLedger();
afterAll(() => console.log(`sentence-classification golden errors:\n${ledger.summary()}`));

describe.each(BACKENDS)("LongformerForSentenceClassification vs tiny-sentcls goldens on %s", (backend) => {
  const golden = loadGolden("tiny-sentcls");
  let model: LongformerForSentenceClassification;
  beforeAll(async () => {
    await useBackend(backend);
    model = await LongformerForSentenceClassification.fromPretrained(golden.modelDir, { kernel: KERNEL });
  });
  afterAll(() => model.dispose());

  it.each(golden.cases.map((c) => [c.name, c] as const))("%s: every output within atol", (_, c) => {
    const out = model.forward(caseInputs(c), { outputHiddenStates: c.call.kwargs?.output_hidden_states ?? false });
    try {
      expect(out.globalAttentionMask).toEqual(c.effective_global_attention_mask);
      const reports = compareCase(golden, c, out);
      ledger.add(`tiny-sentcls/${backend}`, reports);
      expectCaseMatches(`${c.name} on ${backend}`, reports);
    } finally {
      disposeOutput(out);
    }
  });

  it("labels come from id2label, one logits row per block", () => {
    expect(model.labels).toEqual(["LABEL_0", "LABEL_1", "LABEL_2", "LABEL_3"]);
    expect(model.problemType).toBe("single_label_classification");
    expect(model.blockSize).toBe(16);
  });

  it("keeps the live tensor count flat across repeated forwards", async () => {
    const c = goldenCase(golden, "sentcls_batch2");
    await expectNoTensorLeak(tf, () => disposeOutput(model.forward(caseInputs(c))));
  });
});
