import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { geluErfSimd } from "../../gelu.js";
import { disposeParams, maskFromRows, randomArray, randomParams, rng, useBackend } from "../../testing.test-util.js";
import { addLayerNormWasm, geluErfWasm, simdPaths } from "../../wasm-heap-ops.js";
import { disposeGlobalPathWeights, globalPath, prepareGlobalPathWeights } from "../global-path.js";
import { globalPathSimd } from "../global-path-simd.js";
import { heapArena, ownMemoryArena } from "./simd-arena.js";
import { tfjsWasmHeap } from "./tfjs-wasm-heap.js";
import { bandedWasmModule } from "./wasm-core.js";

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
};

describe("SIMD module building blocks", () => {
  const wasm = bandedWasmModule()!;
  const f32 = (ptr: number, n: number) => new Float32Array(wasm.memory.buffer, ptr, n);

  it.each([
    [1, 1],
    [4, 4],
    [7, 10],
    [13, 5],
  ])("transpose of a %i x %i block with a row stride and ragged edges", (rows, cols) => {
    const src = randomArray(rows * (cols + 3), rng(rows * 31 + cols), 1); // row stride cols + 3
    f32(0, src.length).set(src);
    const dst = 4096;
    f32(dst, cols * (rows + 5)).fill(-7);
    wasm.exports.transpose(0, (cols + 3) * 4, rows, cols, dst, (rows + 5) * 4);
    const out = f32(dst, cols * (rows + 5));
    for (let c = 0; c < cols; c++) {
      for (let i = 0; i < rows + 5; i++) {
        expect(out[c * (rows + 5) + i]).toBe(i < rows ? src[i * (cols + 3) + c] : -7); // nothing past the block
      }
    }
  });

  it("matmul equals a float64 product on strided operands", () => {
    const [M, N, K] = [8, 16, 37];
    const random = rng(5);
    const a = randomArray(M * (K + 1), random, 1); // row stride K + 1
    const b = randomArray(K * (N + 8), random, 1); // row stride N + 8
    const [pa, pb, pc] = [0, 8192, 16384];
    f32(pa, a.length).set(a);
    f32(pb, b.length).set(b);
    wasm.exports.matmul(pa, (K + 1) * 4, pb, (N + 8) * 4, pc, N * 4, M, N, K);
    const c = f32(pc, M * N);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let want = 0;
        for (let k = 0; k < K; k++) want += (a[i * (K + 1) + k] as number) * (b[k * (N + 8) + j] as number);
        expect(Math.abs((c[i * N + j] as number) - want)).toBeLessThan(1e-5);
      }
    }
  });
});

/** addLayerNormWasm on the active backend against the tf-op formula, at rows x cols. */
function expectLayerNormMatchesFormula(rows: number, cols: number): void {
  const eps = 1e-12;
  const random = rng(rows + cols);
  const x = tf.tensor2d(randomArray(rows * cols, random, 4), [rows, cols]);
  const res = tf.tensor2d(randomArray(rows * cols, random, 4), [rows, cols]);
  const gamma = tf.tensor1d(randomArray(cols, random, 2));
  const beta = tf.tensor1d(randomArray(cols, random, 1));
  const want = tf.tidy(() => {
    const y = tf.add(x, res);
    const mean = tf.mean(y, -1, true);
    const centered = tf.sub(y, mean);
    const variance = tf.mean(tf.square(centered), -1, true);
    return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, eps))), gamma), beta);
  });
  const got = addLayerNormWasm(x, res, gamma, beta, eps)!;
  expect(got.shape).toEqual([rows, cols]);
  expect(maxDiff(got.dataSync(), want.dataSync())).toBeLessThan(5e-6);
  tf.dispose([x, res, gamma, beta, want, got]);
}

describe("tfjs-wasm heap operations on cpu", () => {
  beforeAll(() => useBackend("cpu"));

  it("have no heap: geluErfWasm runs on copies, as geluErfSimd, any size", () => {
    expect(tfjsWasmHeap()).toBeNull();
    expect(simdPaths()).toEqual({ simd: true, inTfjsWasmHeap: false });
    const values = randomArray(4 * 1001 + 3, rng(1), 8);
    const x = tf.tensor1d(values);
    const y = geluErfWasm(x)!;
    expect(Array.from(y.dataSync())).toEqual(Array.from(geluErfSimd(values)!));
    expect(Array.from(x.dataSync())).toEqual(Array.from(values)); // input untouched
    tf.dispose([x, y]);
  });

  it("addLayerNormWasm runs on copies in the module's memory (rows across several 256 KB chunks)", () => {
    expectLayerNormMatchesFormula(300, 256);
  });

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

describe("tfjs-wasm heap operations on wasm", () => {
  beforeAll(() => useBackend("wasm"));

  it("find the backend's heap", () => {
    expect(tfjsWasmHeap()).not.toBeNull();
    expect(simdPaths()).toEqual({ simd: true, inTfjsWasmHeap: true });
  });

  it("geluErfWasm equals geluErfSimd bit for bit, in the heap and (size not a multiple of 4) on copies", () => {
    const values = randomArray(4 * 1001, rng(2), 8);
    const x = tf.tensor1d(values);
    const y = geluErfWasm(x)!;
    expect(Array.from(y.dataSync())).toEqual(Array.from(geluErfSimd(values)!));
    expect(Array.from(x.dataSync())).toEqual(Array.from(values)); // input untouched
    const odd = tf.tensor1d([1, 2, 3]);
    const oddOut = geluErfWasm(odd)!;
    expect(Array.from(oddOut.dataSync())).toEqual(Array.from(geluErfSimd(Float32Array.of(1, 2, 3))!));
    tf.dispose([x, y, odd, oddOut]);
  });

  it("addLayerNormWasm equals LayerNorm(x + residual) from tf ops, and declines what it cannot do", () => {
    expectLayerNormMatchesFormula(37, 24);
    const [rows, cols, eps] = [37, 24, 1e-12];
    const x = tf.zeros([rows, cols]);
    const gamma = tf.ones([cols]) as tf.Tensor1D;
    const beta = tf.zeros([cols]) as tf.Tensor1D;
    // not applicable: rows not a multiple of 4 floats, mismatched shapes
    const odd = tf.zeros([2, 6]);
    expect(addLayerNormWasm(odd, odd, tf.ones([6]), tf.zeros([6]), eps)).toBeNull();
    expect(addLayerNormWasm(x, tf.zeros([rows, 4]), gamma, beta, eps)).toBeNull();
    tf.dispose([x, gamma, beta, odd]);
  });

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
