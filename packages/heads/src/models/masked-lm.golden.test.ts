import { loadWeights, type WeightMap } from "@longformer-ts/convert";
import { type BackendName, type LongformerConfig, parseLongformerConfig, useBackend } from "@longformer-ts/encoder";
import { expectArraysClose, expectNoTensorLeak } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeOutput, LongformerForMaskedLM, type MaskedLMOutput } from "../index.js";
import {
  BACKENDS,
  compareCase,
  ErrorLedger,
  expectCaseMatches,
  type GoldenCase,
  goldenCase,
  headCases,
  KERNEL,
  loadGolden,
} from "../testing/golden.test-util.js";

const MASK_ID = 103;
const ledger = new ErrorLedger();
afterAll(() => console.log(`masked-lm golden errors:\n${ledger.summary()}`));

function run(model: LongformerForMaskedLM, c: GoldenCase, extra: { fullLogits?: boolean } = {}): MaskedLMOutput {
  const wantsAll = c.call.kwargs?.output_hidden_states ?? false;
  return model.forward(
    {
      inputIds: c.inputs.input_ids as number[][],
      attentionMask: c.inputs.attention_mask as number[][],
      tokenTypeIds: c.inputs.token_type_ids as number[][],
    },
    {
      positions: c.masked_positions!,
      outputHiddenStates: wantsAll,
      outputAttentions: c.call.kwargs?.output_attentions ?? false,
      ...extra,
    },
  );
}

describe.each(BACKENDS)("LongformerForMaskedLM vs tiny-mlm goldens on %s", (backend) => {
  const golden = loadGolden("tiny-mlm");
  let model: LongformerForMaskedLM;
  beforeAll(async () => {
    await useBackend(backend);
    model = await LongformerForMaskedLM.fromPretrained(golden.modelDir, { kernel: KERNEL });
  });
  afterAll(() => model.dispose());

  it.each(headCases(golden).map((c) => [c.name, c] as const))("%s: every output within atol", (_, c) => {
    const out = run(model, c);
    try {
      expect(out.globalAttentionMask).toEqual(c.effective_global_attention_mask);
      expect(out.maskedPositions).toEqual(c.masked_positions);
      const reports = compareCase(golden, c, out);
      expect(reports.length).toBe(Object.keys(c.outputs).length);
      ledger.add(`tiny-mlm/${backend}`, reports);
      expectCaseMatches(`${c.name} on ${backend}`, reports);
    } finally {
      disposeOutput(out);
    }
  });

  it("finds the [MASK] positions itself with maskTokenId, in row-major order", () => {
    const c = goldenCase(golden, "mlm_batch2_full128_and_padded");
    const out = model.forward(
      { inputIds: c.inputs.input_ids as number[][], attentionMask: c.inputs.attention_mask as number[][] },
      { maskTokenId: MASK_ID },
    );
    try {
      expect(out.maskedPositions).toEqual(c.masked_positions);
      const expected = golden.expected(c.outputs.masked_logits!.key);
      expectArraysClose(
        { shape: out.maskedLogits!.shape, data: out.maskedLogits!.dataSync() },
        expected,
        c.outputs.masked_logits!.atol,
        "masked_logits via maskTokenId",
      );
    } finally {
      disposeOutput(out);
    }
  });

  it("fullLogits projects every position; its rows at the masks equal maskedLogits", () => {
    const c = goldenCase(golden, "mlm_single_len75_tokentype");
    const out = run(model, c, { fullLogits: true });
    try {
      expect(out.logits!.shape).toEqual([1, 75, 30522]);
      const rows = tf.tidy(() =>
        tf.gather(
          tf.reshape(out.logits!, [75, 30522]),
          c.masked_positions!.map(([, p]) => p),
        ),
      );
      expectArraysClose(
        { shape: rows.shape, data: rows.dataSync() },
        golden.expected(c.outputs.masked_logits!.key),
        c.outputs.masked_logits!.atol,
        "full logits at the masked positions",
      );
      rows.dispose();
    } finally {
      disposeOutput(out);
    }
  });

  it("keeps the live tensor count flat across repeated forwards", async () => {
    const c = goldenCase(golden, "mlm_batch2_full128_and_padded");
    await expectNoTensorLeak(tf, () => disposeOutput(run(model, c)));
  });
});

/** mini-mlm cases are heavier (1024 tokens): each runs on one backend, both backends are covered. */
const MINI_PLAN: Array<[string, BackendName]> = [
  ["mini_mlm_full1024", "cpu"],
  ["mini_mlm_batch2_700_1024", "wasm"],
];

describe("LongformerForMaskedLM vs mini-mlm goldens (float16 checkpoint, 1024 tokens)", () => {
  const golden = loadGolden("mini-mlm");
  let model: LongformerForMaskedLM | undefined;
  afterAll(() => model?.dispose());

  it.each(MINI_PLAN)("%s on %s: last_hidden_state, masked_logits, top5 ids and logits", async (name, backend) => {
    await useBackend(backend);
    // One weight map, a model per backend (tensors live in the backend active when they were made).
    model?.dispose();
    const [config, weights] = await miniWeights(golden.modelDir);
    model = LongformerForMaskedLM.fromWeights(config, weights, { kernel: KERNEL });
    const c = goldenCase(golden, name);
    const out = run(model, c);
    try {
      expect(out.globalAttentionMask).toEqual(c.effective_global_attention_mask);
      const reports = compareCase(golden, c, out);
      expect(reports.map((r) => r.output).sort()).toEqual(["last_hidden_state", "masked_logits", "top5_logits"]);
      ledger.add(`mini-mlm/${backend}`, reports);
      expectCaseMatches(`${name} on ${backend}`, reports);
    } finally {
      disposeOutput(out);
    }
  });
});

let miniCache: Promise<[LongformerConfig, WeightMap]> | undefined;
/** Loads (and widens from float16) the mini checkpoint once for both backends. */
function miniWeights(dir: string): Promise<[LongformerConfig, WeightMap]> {
  miniCache ??= loadWeights(dir).then((loaded) => [parseLongformerConfig(loaded.config), loaded.weights]);
  return miniCache;
}
