import { loadWeights, type WeightMap } from "@longformer-ts/convert";
import { type LongformerConfig, parseLongformerConfig, useBackend } from "@longformer-ts/encoder";
import { expectNoTensorLeak } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeOutput, LongformerForMultipleChoice, type MultipleChoicePooling } from "../index.js";
import {
  BACKENDS,
  choiceCaseInputs,
  compareCase,
  ErrorLedger,
  expectCaseMatches,
  goldenCase,
  KERNEL,
  loadGolden,
} from "../testing/golden.test-util.js";

const ledger = new ErrorLedger();
afterAll(() => console.log(`multiple-choice golden errors:\n${ledger.summary()}`));

describe.each(BACKENDS)("LongformerForMultipleChoice vs tiny-mc goldens on %s", (backend) => {
  const golden = loadGolden("tiny-mc");
  let checkpoint: { config: LongformerConfig; weights: WeightMap };
  const models = new Map<MultipleChoicePooling, LongformerForMultipleChoice>();
  beforeAll(async () => {
    await useBackend(backend);
    const loaded = await loadWeights(golden.modelDir);
    checkpoint = { config: parseLongformerConfig(loaded.config), weights: loaded.weights };
  });
  afterAll(() => {
    for (const m of models.values()) m.dispose();
  });
  const modelFor = (pooling: MultipleChoicePooling) => {
    let m = models.get(pooling);
    if (!m) {
      m = LongformerForMultipleChoice.fromWeights(checkpoint.config, checkpoint.weights, { pooling, kernel: KERNEL });
      models.set(pooling, m);
    }
    return m;
  };

  it.each(golden.cases.map((c) => [c.name, c] as const))("%s: every output within atol", (_, c) => {
    const pooling = c.call.pooling as MultipleChoicePooling;
    const out = modelFor(pooling).forward(choiceCaseInputs(c));
    try {
      expect(out.logits.shape).toEqual([2, 3]);
      expect(out.globalAttentionMask).toEqual(c.effective_global_attention_mask);
      const reports = compareCase(golden, c, out);
      ledger.add(`tiny-mc/${backend}/${pooling}`, reports);
      expectCaseMatches(`${c.name} on ${backend}`, reports);
    } finally {
      disposeOutput(out);
    }
  });

  it("defaults to HAT's 'last' pooling and takes flat { data, shape } inputs", () => {
    const model = LongformerForMultipleChoice.fromWeights(checkpoint.config, checkpoint.weights, { kernel: KERNEL });
    const c = goldenCase(golden, "mc_pool_last");
    const flat = (x: number[][][]) => ({ data: x.flat(2), shape: [2, 3, 128] });
    const out = model.forward({
      inputIds: flat(c.inputs.input_ids as number[][][]),
      attentionMask: flat(c.inputs.attention_mask as number[][][]),
      tokenTypeIds: flat(c.inputs.token_type_ids as number[][][]),
    });
    try {
      expect(model.pooling).toBe("last");
      expectCaseMatches("flat inputs", compareCase(golden, c, out));
    } finally {
      disposeOutput(out);
      model.dispose();
    }
  });

  it("keeps the live tensor count flat across repeated forwards", async () => {
    const c = goldenCase(golden, "mc_pool_max");
    const model = modelFor("max");
    await expectNoTensorLeak(tf, () => disposeOutput(model.forward(choiceCaseInputs(c))));
  });
});
