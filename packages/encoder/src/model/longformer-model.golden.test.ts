import { KERNEL_NAMES } from "@longformer-ts/attention";
import { BACKENDS, compareGolden, expectNoTensorLeak, testKernel } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LongformerModel, type LongformerModelOutput, useBackend } from "../index.js";
import { type GoldenCase, type GoldenSet, isPlainCase, loadGolden, pickOutput } from "../testing/golden.test-util.js";

/** Attention kernel under test: the default choice unless LONGFORMER_KERNEL names another. */
const KERNEL = testKernel(KERNEL_NAMES);

/** HAT heads put global attention on every [CLS]/[SEP]: derived from the config, checked against the fixture. */
function globalMaskFor(c: GoldenCase, model: LongformerModel): number[][] {
  if (isPlainCase(c)) return c.inputs.global_attention_mask!;
  const { clsTokenId, sepTokenId } = model.config;
  return c.inputs.input_ids.map((row) => row.map((id) => (id === clsTokenId || id === sepTokenId ? 1 : 0)));
}

function runCase(model: LongformerModel, c: GoldenCase): LongformerModelOutput {
  return model.forward(
    {
      inputIds: c.inputs.input_ids,
      attentionMask: c.inputs.attention_mask,
      tokenTypeIds: c.inputs.token_type_ids,
      globalAttentionMask: globalMaskFor(c, model),
    },
    { outputHiddenStates: true, outputAttentions: true },
  );
}

/** Compares every golden output of the case the encoder produces; returns how many were compared. */
function expectCaseMatches(golden: GoldenSet, c: GoldenCase, out: LongformerModelOutput): number {
  let compared = 0;
  for (const [name, spec] of Object.entries(c.outputs)) {
    const actual = pickOutput(out, name);
    if (!actual && !/^(last_hidden_state|hidden_states|attentions|global_attentions)\b/.test(name)) continue; // head outputs
    expect(actual, `${c.name}/${name} missing`).toBeDefined();
    const expected = golden.expected(spec.key);
    const r = compareGolden(
      { shape: actual!.shape, data: actual!.dataSync() },
      { shape: expected.shape, data: expected.data },
      spec.atol,
      spec.num_global_tokens,
    );
    expect(
      r.ok,
      `${c.name}/${name}: ${r.shapeMismatch ?? `max |error| ${r.maxAbsError} > atol ${spec.atol} at [${r.worstIndex}] (${r.worstActual} vs ${r.worstExpected})`}`,
    ).toBe(true);
    compared++;
  }
  return compared;
}

describe.each(BACKENDS)("golden tiny-mlm on %s", (backend) => {
  const golden = loadGolden("tiny-mlm");
  let model: LongformerModel;
  beforeAll(async () => {
    await useBackend(backend);
    model = await LongformerModel.fromPretrained(golden.modelDir, { kernel: KERNEL });
  });
  afterAll(() => model.dispose());

  it.each(golden.cases.map((c) => [c.name, c] as const))("%s: every encoder output", (_, c) => {
    expect(globalMaskFor(c, model)).toEqual(c.effective_global_attention_mask);
    const out = runCase(model, c);
    try {
      // last_hidden_state, every hidden state, attentions and (for global cases) global attentions
      expect(expectCaseMatches(golden, c, out)).toBeGreaterThanOrEqual(6);
      const hasGlobal = c.effective_global_attention_mask.some((row) => row.includes(1));
      expect(out.globalAttentions === undefined).toBe(!hasGlobal);
      expect(out.globalAttentions?.[0]?.shape[2] ?? c.internal_padded_length).toBe(c.internal_padded_length);
    } finally {
      tf.dispose(out as unknown as tf.TensorContainer);
    }
  });

  it("keeps the live tensor count flat across repeated forwards", async () => {
    const c = golden.cases.find((k) => k.name === "plain_batch2_pad_mixed_global_tokentype")!;
    await expectNoTensorLeak(tf, () => tf.dispose(runCase(model, c) as unknown as tf.TensorContainer));
  });
});

describe.each(BACKENDS)("golden mini-mlm (plain 300 tokens, F16 checkpoint) on %s", (backend) => {
  const golden = loadGolden("mini-mlm");
  let model: LongformerModel;
  beforeAll(async () => {
    await useBackend(backend);
    model = await LongformerModel.fromPretrained(golden.modelDir, { kernel: KERNEL });
  });
  afterAll(() => model.dispose());

  it("mini_plain_len300_noglobal: every hidden state", () => {
    const c = golden.cases.find((k) => k.name === "mini_plain_len300_noglobal")!;
    const out = runCase(model, c);
    try {
      expect(expectCaseMatches(golden, c, out)).toBe(8);
    } finally {
      tf.dispose(out as unknown as tf.TensorContainer);
    }
  });
});
