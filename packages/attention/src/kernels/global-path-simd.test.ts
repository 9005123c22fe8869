import { heapArena, ownMemoryArena, tfjsWasmHeap } from "@longformer-ts/simd";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeParams, maskFromRows, randomArray, randomParams, rng, useBackend } from "../testing.test-util.js";
import { disposeGlobalPathWeights, globalPath, prepareGlobalPathWeights } from "./global-path.js";
import { globalPathSimd } from "./global-path-simd.js";

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
};

describe("globalPathSimd on cpu", () => {
  beforeAll(() => useBackend("cpu"));

  it("globalPathSimd on copies in the module's memory equals globalPath (batch, padding, unused slots)", () => {
    const hidden = 32;
    const params = randomParams(hidden, 31);
    const weights = prepareGlobalPathWeights(params);
    const len = 21;
    const mask = maskFromRows(
      [
        { realLength: 21, global: [0, 9, 20] },
        { realLength: 13, global: [2] },
      ],
      len,
    );
    const x = tf.tensor2d(randomArray(2 * len * hidden, rng(32), 2), [2 * len, hidden]);
    const dims = { hiddenSize: hidden, numHeads: 2, headDim: 16, w: 3 };
    const before = tf.memory().numTensors;
    const copied = globalPathSimd(ownMemoryArena()!, x, mask, params, weights, dims, true)!;
    expect(tf.memory().numTensors).toBe(before);
    const reference = globalPath(x, mask, params, weights, dims, true);
    expect(maxDiff(copied.context, reference.context)).toBeLessThan(2e-5);
    expect(maxDiff(copied.probs!, reference.probs!)).toBeLessThan(2e-6);
    tf.dispose(x);
    disposeGlobalPathWeights(weights);
    disposeParams(params);
  });
});

describe("globalPathSimd on wasm", () => {
  beforeAll(() => useBackend("wasm"));

  describe("globalPathSimd in the heap", () => {
    const hidden = 32;
    const heads = 2;
    let params: ReturnType<typeof randomParams>;
    let weights: ReturnType<typeof prepareGlobalPathWeights>;
    beforeAll(() => {
      params = randomParams(hidden, 11);
      weights = prepareGlobalPathWeights(params);
    });
    afterAll(() => {
      disposeGlobalPathWeights(weights);
      disposeParams(params);
    });

    it("equals globalPath (context and probabilities), with padding and unused global slots", () => {
      const len = 19;
      const mask = maskFromRows(
        [
          { realLength: 19, global: [0, 7, 18] },
          { realLength: 11, global: [4] },
        ],
        len,
      );
      const x = tf.tensor2d(randomArray(2 * len * hidden, rng(12), 2), [2 * len, hidden]);
      const dims = { hiddenSize: hidden, numHeads: heads, headDim: hidden / heads, w: 2 };
      const heap = tfjsWasmHeap()!;
      const before = tf.memory().numTensors;
      const onHeap = globalPathSimd(heapArena(heap), x, mask, params, weights, dims, true)!;
      expect(tf.memory().numTensors).toBe(before); // scratch and q freed
      const reference = globalPath(x, mask, params, weights, dims, true);
      expect(maxDiff(onHeap.context, reference.context)).toBeLessThan(2e-5);
      expect(maxDiff(onHeap.probs!, reference.probs!)).toBeLessThan(2e-6);
      expect(
        globalPathSimd(heapArena(heap), x, mask, params, weights, { ...dims, numHeads: 4, headDim: 8 / 2 }, false),
      ).toBeNull();
      x.dispose();
    });
  });
});

describe("weights made under another backend", () => {
  // tfjs-wasm's data storage moves a tensor's values over on first lookup, getMemoryOffset included.
  it("are moved into the heap before the SIMD module reads them", async () => {
    await useBackend("cpu");
    const params = randomParams(32, 21);
    const weights = prepareGlobalPathWeights(params); // derived weights on cpu too
    const len = 12;
    const mask = maskFromRows([{ realLength: len, global: [0, 5] }], len);
    const x = randomArray(len * 32, rng(22), 2);
    const dims = { hiddenSize: 32, numHeads: 4, headDim: 8, w: 2 };
    const onCpu = globalPath(tf.tensor2d(x, [len, 32]), mask, params, weights, dims, false);
    await useBackend("wasm");
    const xw = tf.tensor2d(x, [len, 32]);
    const onHeap = globalPathSimd(heapArena(tfjsWasmHeap()!), xw, mask, params, weights, dims, false)!;
    expect(maxDiff(onHeap.context, onCpu.context)).toBeLessThan(2e-5);
    tf.dispose(xw);
    disposeGlobalPathWeights(weights);
    disposeParams(params);
  });
});
