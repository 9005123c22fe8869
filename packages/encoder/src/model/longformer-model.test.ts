import { join } from "node:path";
import { type AttentionKernelName, KERNEL_NAMES } from "@longformer-ts/attention";
import { type LoadedWeights, loadWeights, type WeightMap } from "@longformer-ts/convert";
import { BACKENDS, expectArraysClose, longformerFixturesDir, testKernel } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InputError,
  LongformerError,
  LongformerModel,
  type LongformerModelOutput,
  parseLongformerConfig,
  useBackend,
  WeightsError,
} from "../index.js";
import { randomLongformerWeights } from "../testing/random-weights.test-util.js";

const KERNEL = testKernel(KERNEL_NAMES);
const dense = (t: tf.Tensor) => ({ shape: t.shape, data: t.dataSync() });
const disposeOutput = (out: LongformerModelOutput) => tf.dispose(out as unknown as tf.TensorContainer);

function weightsErrorOf(fn: () => unknown): WeightsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WeightsError) return error;
    throw error;
  }
  throw new Error("expected a WeightsError");
}

const SAMPLE = {
  inputIds: [
    [101, 2023, 2003, 1037, 3231, 102, 2009, 2573, 1012, 102, 0, 0],
    [101, 2178, 6251, 102, 0, 0, 0, 0, 0, 0, 0, 0],
  ],
  attentionMask: [
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0],
    [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
  ],
  globalAttentionMask: [
    [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
    [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  ],
};

describe("LongformerModel loading (tiny fixtures)", () => {
  let tinyMlm: LoadedWeights;
  let tinySeqcls: LoadedWeights;
  beforeAll(async () => {
    await useBackend("cpu");
    tinyMlm = await loadWeights(join(longformerFixturesDir(), "models", "tiny-mlm"));
    tinySeqcls = await loadWeights(join(longformerFixturesDir(), "models", "tiny-seqcls"));
  });
  const config = () => parseLongformerConfig(tinyMlm.config);
  const withChange = (change: (m: WeightMap) => void): WeightMap => {
    const copy = new Map(tinyMlm.weights);
    change(copy);
    return copy;
  };

  it("finds the encoder under 'longformer.' and ignores the head's weights", () => {
    const model = LongformerModel.fromWeights(config(), tinyMlm.weights, { kernel: KERNEL });
    expect(model.prefix).toBe("longformer.");
    expect(model.pooler).toBeUndefined();
    model.dispose();
  });

  it("accepts a bare LongformerModel checkpoint (no prefix) and computes the same thing", () => {
    const bare: WeightMap = new Map();
    for (const [name, t] of tinyMlm.weights) if (name.startsWith("longformer.")) bare.set(name.slice(11), t);
    const prefixed = LongformerModel.fromWeights(config(), tinyMlm.weights, { kernel: KERNEL });
    const plain = LongformerModel.fromWeights(config(), bare, { kernel: KERNEL });
    expect(plain.prefix).toBe("");
    const a = prefixed.forward(SAMPLE);
    const b = plain.forward(SAMPLE);
    expectArraysClose(dense(b.lastHiddenState), dense(a.lastHiddenState), 0, "bare vs prefixed");
    disposeOutput(a);
    disposeOutput(b);
    prefixed.dispose();
    plain.dispose();
  });

  it("lists a missing tensor, and what is available", () => {
    const name = "longformer.encoder.layer.1.attention.self.key_global.bias";
    const error = weightsErrorOf(() =>
      LongformerModel.fromWeights(
        config(),
        withChange((m) => m.delete(name)),
      ),
    );
    expect(error.code).toBe("WEIGHTS_MISMATCH");
    expect(error.missing).toEqual([name]);
    expect(error.unexpected).toEqual([]);
    expect(error.available).toContain("longformer.embeddings.word_embeddings.weight");
    expect(error.message).toContain(`missing (1): ${name}`);
  });

  it("lists unexpected tensors under the prefix (a checkpoint with more layers than the config)", () => {
    const extra = "longformer.encoder.layer.2.output.dense.bias";
    const error = weightsErrorOf(() =>
      LongformerModel.fromWeights(
        config(),
        withChange((m) => m.set(extra, { dtype: "float32", shape: [32], data: new Float32Array(32) })),
      ),
    );
    expect(error.unexpected).toEqual([extra]);
    expect(error.missing).toEqual([]);
  });

  it("lists every missing layer tensor when the config has more layers than the checkpoint", () => {
    const threeLayers = parseLongformerConfig({ ...tinyMlm.config, num_hidden_layers: 3, attention_window: [4, 8, 8] });
    const error = weightsErrorOf(() => LongformerModel.fromWeights(threeLayers, tinyMlm.weights));
    expect(error.missing).toHaveLength(
      LongformerModel.weightSpecs(threeLayers).length - LongformerModel.weightSpecs(config()).length,
    );
    expect(error.missing.every((n) => n.startsWith("longformer.encoder.layer.2."))).toBe(true);
  });

  it("reports shapes that disagree with the config", () => {
    const error = weightsErrorOf(() =>
      LongformerModel.fromWeights(
        parseLongformerConfig({ ...tinyMlm.config, max_position_embeddings: 200 }),
        tinyMlm.weights,
      ),
    );
    expect(error.shapeMismatches).toEqual([
      { name: "longformer.embeddings.position_embeddings.weight", expected: [200, 32], actual: [130, 32] },
    ]);
  });

  it("rejects an unknown attention kernel before creating any tensor", () => {
    const before = tf.memory().numTensors;
    expect(() =>
      LongformerModel.fromWeights(config(), tinyMlm.weights, { kernel: "fast" as AttentionKernelName }),
    ).toThrow(/unknown attention kernel "fast"/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("ignores HF's old embeddings.position_ids buffer", () => {
    const weights = withChange((m) =>
      m.set("longformer.embeddings.position_ids", { dtype: "int32", shape: [1, 130], data: new Int32Array(130) }),
    );
    expect(() => LongformerModel.fromWeights(config(), weights).dispose()).not.toThrow();
  });

  it("builds HF's pooler when the checkpoint has one: tanh(dense(h[:, 0]))", () => {
    const model = LongformerModel.fromWeights(parseLongformerConfig(tinySeqcls.config), tinySeqcls.weights, {
      kernel: KERNEL,
    });
    const out = model.forward(SAMPLE);
    const w = tinySeqcls.weights.get("longformer.pooler.dense.weight")!;
    const b = tinySeqcls.weights.get("longformer.pooler.dense.bias")!;
    const expected = tf.tidy(() => {
      const first = tf.reshape(tf.slice(out.lastHiddenState, [0, 0, 0], [2, 1, 32]), [2, 32]);
      return tf.tanh(
        tf.add(
          tf.matMul(first, tf.tensor2d(w.data as Float32Array, [32, 32]), false, true),
          tf.tensor1d(b.data as Float32Array),
        ),
      );
    });
    expectArraysClose(dense(out.poolerOutput!), dense(expected), 1e-6, "poolerOutput");
    expected.dispose();
    disposeOutput(out);
    model.dispose();
    // pooler: false skips it without calling its weights unexpected; pooler: true insists on it
    const noPooler = LongformerModel.fromWeights(parseLongformerConfig(tinySeqcls.config), tinySeqcls.weights, {
      pooler: false,
    });
    expect(noPooler.pooler).toBeUndefined();
    noPooler.dispose();
    const error = weightsErrorOf(() => LongformerModel.fromWeights(config(), tinyMlm.weights, { pooler: true }));
    expect(error.missing).toEqual(["longformer.pooler.dense.weight", "longformer.pooler.dense.bias"]);
  });

  it("loads the pytorch_model.bin files to the same model as the safetensors one", async () => {
    const dir = join(longformerFixturesDir(), "models", "tiny-mlm");
    const fromSafetensors = await LongformerModel.fromPretrained(tinyMlm, { kernel: KERNEL });
    const fromLegacy = await LongformerModel.fromPretrained(join(dir, "legacy"), { kernel: KERNEL });
    const a = fromSafetensors.forward(SAMPLE);
    const b = fromLegacy.forward(SAMPLE);
    expectArraysClose(dense(b.lastHiddenState), dense(a.lastHiddenState), 0, "legacy .bin vs safetensors");
    disposeOutput(a);
    disposeOutput(b);
    fromSafetensors.dispose();
    fromLegacy.dispose();
  });

  it("rejects bad inputs with InputError before running, and use after dispose", () => {
    const model = LongformerModel.fromWeights(config(), tinyMlm.weights, { kernel: KERNEL });
    const before = tf.memory().numTensors;
    expect(() => model.forward({ inputIds: [[1, 30522]] })).toThrow(InputError);
    expect(() => model.forward({ inputIds: [[1, 2], [3]] })).toThrow(/ragged/);
    expect(() => model.forward({ inputIds: [[1, 2]], attentionMask: [[1, 2]] })).toThrow(/not 0 or 1/);
    // tiny: max_position_embeddings 130, pad 0 -> at most 129 real tokens per row
    expect(() => model.forward({ inputIds: [new Array(130).fill(5)] })).toThrow(/SEQUENCE_TOO_LONG|at most 129/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    expect(() => model.forward({ inputIds: [[1, 2]] })).toThrow(LongformerError);
  });
});

describe.each(BACKENDS)("LongformerModel on a random config (pad id 1, windows [2, 6, 4]) on %s", (backend) => {
  const config = parseLongformerConfig({
    model_type: "longformer",
    vocab_size: 50,
    hidden_size: 16,
    num_hidden_layers: 3,
    num_attention_heads: 2,
    intermediate_size: 24,
    hidden_act: "gelu_new",
    max_position_embeddings: 40,
    type_vocab_size: 2,
    layer_norm_eps: 1e-5,
    pad_token_id: 1,
    attention_window: [2, 6, 4],
  });
  let model: LongformerModel;
  beforeAll(async () => {
    await useBackend(backend);
    model = LongformerModel.fromWeights(config, randomLongformerWeights(config, { seed: 7 }), { kernel: KERNEL });
  });
  afterAll(() => model.dispose());

  const ids = [0, 5, 9, 13, 2, 7, 30, 4, 8, 2, 11]; // 11 tokens, pad id 1 absent
  const global = [1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];

  it("returns HF's shapes: per-layer attention widths, global attentions over the padded length", () => {
    const out = model.forward(
      { inputIds: [ids], globalAttentionMask: [global] },
      { outputAttentions: true, outputHiddenStates: true },
    );
    expect(out.lastHiddenState.shape).toEqual([1, 11, 16]);
    expect(out.hiddenStates?.map((h) => h.shape)).toEqual(new Array(4).fill([1, 11, 16]));
    // G = 3 global slots + window + 1 local columns
    expect(out.attentions?.map((a) => a.shape)).toEqual([
      [1, 2, 11, 3 + 3],
      [1, 2, 11, 3 + 7],
      [1, 2, 11, 3 + 5],
    ]);
    // padded to a multiple of max(window) = 6 -> 12 rows, not cut back
    expect(out.globalAttentions?.map((a) => a.shape)).toEqual(new Array(3).fill([1, 2, 12, 3]));
    disposeOutput(out);
  });

  it("gives real tokens the same output whatever padding follows them", () => {
    const short = model.forward({ inputIds: [ids], globalAttentionMask: [global] });
    const padded = model.forward({
      inputIds: [[...ids, 1, 1, 1, 1, 1, 1, 1]],
      attentionMask: [[...ids.map(() => 1), 0, 0, 0, 0, 0, 0, 0]],
      globalAttentionMask: [[...global, 0, 0, 0, 0, 0, 0, 1]], // global on padding is ignored (mask 0 wins)
    });
    const cut = tf.slice(padded.lastHiddenState, [0, 0, 0], [1, 11, 16]);
    expectArraysClose(dense(cut), dense(short.lastHiddenState), 1e-5, "padded vs unpadded");
    tf.dispose([cut]);
    disposeOutput(short);
    disposeOutput(padded);
  });

  it("computes each batch row as if it were alone (rows with different global counts)", () => {
    const other = [0, 3, 3, 6, 2, 1, 1, 1, 1, 1, 1];
    const otherMask = other.map((id) => (id === 1 ? 0 : 1));
    const batch = model.forward({
      inputIds: [ids, other],
      attentionMask: [ids.map(() => 1), otherMask],
      globalAttentionMask: [global, new Array(11).fill(0)],
      tokenTypeIds: [ids.map((_, i) => (i > 5 ? 1 : 0)), new Array(11).fill(0)],
    });
    const first = model.forward({
      inputIds: [ids],
      globalAttentionMask: [global],
      tokenTypeIds: [ids.map((_, i) => (i > 5 ? 1 : 0))],
    });
    const second = model.forward({ inputIds: [other], attentionMask: [otherMask] });
    const rows = tf.split(batch.lastHiddenState, 2, 0);
    expectArraysClose(dense(rows[0]!), dense(first.lastHiddenState), 1e-5, "row 0");
    expectArraysClose(dense(rows[1]!), dense(second.lastHiddenState), 1e-5, "row 1");
    tf.dispose(rows);
    for (const out of [batch, first, second]) disposeOutput(out);
  });

  it("works repeatedly when its first forward runs inside the caller's tf.tidy (no cached state is freed)", () => {
    const fresh = LongformerModel.fromWeights(config, randomLongformerWeights(config, { seed: 7 }), {
      kernel: KERNEL,
    });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const sum = tf.tidy(() =>
        tf.sum(fresh.forward({ inputIds: [ids], globalAttentionMask: [global] }).lastHiddenState),
      );
      expect(Number.isFinite(sum.dataSync()[0])).toBe(true);
      sum.dispose();
    }
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 64); // kernels may cache derived weights once
    const cached = tf.memory().numTensors;
    tf.tidy(() => {
      fresh.forward({ inputIds: [ids] });
    });
    expect(tf.memory().numTensors).toBe(cached);
    fresh.dispose();
  });

  it("uses token types and global attention (they change the output)", () => {
    const plain = model.forward({ inputIds: [ids] });
    const typed = model.forward({ inputIds: [ids], tokenTypeIds: [ids.map(() => 1)] });
    const withGlobal = model.forward({ inputIds: [ids], globalAttentionMask: [global] });
    const diff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
    expect(diff(plain.lastHiddenState, typed.lastHiddenState)).toBeGreaterThan(1e-3);
    expect(diff(plain.lastHiddenState, withGlobal.lastHiddenState)).toBeGreaterThan(1e-3);
    for (const out of [plain, typed, withGlobal]) disposeOutput(out);
  });
});
