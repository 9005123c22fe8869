import { loadWeights, type WeightMap } from "@longformer-ts/convert";
import { type LongformerConfig, parseLongformerConfig, useBackend } from "@longformer-ts/encoder";
import { expectNoTensorLeak } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeOutput, LongformerForSequenceClassification, type Pooling } from "../index.js";
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
afterAll(() => console.log(`sequence-classification golden errors:\n${ledger.summary()}`));

describe.each(BACKENDS)("LongformerForSequenceClassification vs tiny-seqcls goldens on %s", (backend) => {
  const golden = loadGolden("tiny-seqcls");
  let checkpoint: { config: LongformerConfig; weights: WeightMap };
  const models = new Map<Pooling, LongformerForSequenceClassification>();
  beforeAll(async () => {
    await useBackend(backend);
    const loaded = await loadWeights(golden.modelDir);
    checkpoint = { config: parseLongformerConfig(loaded.config), weights: loaded.weights };
  });
  afterAll(() => {
    for (const m of models.values()) m.dispose();
  });
  /** One checkpoint directory serves every pooling (the unused poolings' weights are ignored). */
  const modelFor = (pooling: Pooling) => {
    let m = models.get(pooling);
    if (!m) {
      m = LongformerForSequenceClassification.fromWeights(checkpoint.config, checkpoint.weights, {
        pooling,
        kernel: KERNEL,
      });
      models.set(pooling, m);
    }
    return m;
  };

  it.each(golden.cases.map((c) => [c.name, c] as const))("%s: every output within atol", (_, c) => {
    const pooling = c.call.pooling as Pooling;
    const model = modelFor(pooling);
    expect(model.pooling).toBe(pooling);
    const out = model.forward(caseInputs(c), { outputHiddenStates: c.call.kwargs?.output_hidden_states ?? false });
    try {
      expect(out.globalAttentionMask).toEqual(c.effective_global_attention_mask);
      expect(out.sentenceOutputs === undefined).toBe(pooling === "first" || pooling === "last");
      const reports = compareCase(golden, c, out);
      ledger.add(`tiny-seqcls/${backend}/${pooling}`, reports);
      expectCaseMatches(`${c.name} on ${backend}`, reports);
    } finally {
      disposeOutput(out);
    }
  });

  it("keeps the live tensor count flat across repeated forwards", async () => {
    const c = goldenCase(golden, "seqcls_pool_attentive");
    const model = modelFor("attentive");
    await expectNoTensorLeak(tf, () => disposeOutput(model.forward(caseInputs(c))));
  });

  it("runs HF's classification head (classifier.dense/out_proj): same maths as HAT 'first' with renamed weights", () => {
    // HAT 'first' = classifier(tanh(pooler.dense(h[:, 0]))); HF = out_proj(tanh(classifier.dense(h[:, 0]))).
    const renamed: WeightMap = new Map();
    for (const [name, t] of checkpoint.weights) {
      if (name.startsWith("sentencizer.") || name.startsWith("pooler.attentive_pooling.")) continue;
      const to = name
        .replace(/^pooler\.dense\./, "classifier.dense.")
        .replace(/^classifier\.(weight|bias)$/, "classifier.out_proj.$1");
      renamed.set(to, t);
    }
    renamed.delete("pooler.dense.weight");
    const config = { ...checkpoint.config, architectures: ["LongformerForSequenceClassification"] };
    const hf = LongformerForSequenceClassification.fromWeights(config, renamed, { kernel: KERNEL });
    const c = goldenCase(golden, "seqcls_pool_first");
    try {
      expect(hf.headStyle).toBe("hf");
      expect(hf.globalAttention).toBe("first-token");
      // HF's default puts global attention on the first token only; the golden used HAT's CLS/SEP rule.
      const out = hf.forward({ ...caseInputs(c), globalAttentionMask: c.effective_global_attention_mask });
      try {
        const reports = compareCase(golden, c, out);
        ledger.add(`tiny-seqcls/${backend}/hf-head`, reports);
        expectCaseMatches(`HF head on ${backend}`, reports);
      } finally {
        disposeOutput(out);
      }
      const auto = hf.forward(caseInputs(c));
      expect(auto.globalAttentionMask.map((row) => row.indexOf(1))).toEqual([0, 0]);
      expect(auto.globalAttentionMask.every((row) => row.reduce((a, b) => a + b, 0) === 1)).toBe(true);
      disposeOutput(auto);
    } finally {
      hf.dispose();
    }
  });
});
