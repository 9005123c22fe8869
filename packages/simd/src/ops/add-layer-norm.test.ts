import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { maxDiff, randomArray, rng, useBackend } from "../testing.test-util.js";
import { addLayerNormWasm } from "./add-layer-norm.js";

/** addLayerNormWasm on the active backend against the tf-op formula, at rows x cols. */
function expectLayerNormMatchesFormula(rows: number, cols: number): void {
  const eps = 1e-12;
  const random = rng(rows + cols);
  const x = tf.tensor2d(randomArray(rows * cols, random, 4), [rows, cols]);
  const residual = tf.tensor2d(randomArray(rows * cols, random, 4), [rows, cols]);
  const gamma = tf.tensor1d(randomArray(cols, random, 2));
  const beta = tf.tensor1d(randomArray(cols, random, 1));
  const want = tf.tidy(() => {
    const y = tf.add(x, residual);
    const mean = tf.mean(y, -1, true);
    const centered = tf.sub(y, mean);
    const variance = tf.mean(tf.square(centered), -1, true);
    return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, eps))), gamma), beta);
  });
  const xBefore = Array.from(x.dataSync());
  const got = addLayerNormWasm({ x, residual, gamma, beta, eps })!;
  expect(got.shape).toEqual([rows, cols]);
  expect(maxDiff(got.dataSync(), want.dataSync())).toBeLessThan(5e-6);
  expect(Array.from(x.dataSync())).toEqual(xBefore); // input untouched
  tf.dispose([x, residual, gamma, beta, want, got]);
}

describe("addLayerNormWasm on cpu", () => {
  beforeAll(() => useBackend("cpu"));

  it("runs on copies in the module's memory (rows across several 256 KB chunks)", () => {
    expectLayerNormMatchesFormula(300, 256);
  });
});

describe("addLayerNormWasm on wasm", () => {
  beforeAll(() => useBackend("wasm"));

  it("equals LayerNorm(x + residual) from tf ops, in the heap", () => {
    expectLayerNormMatchesFormula(37, 24);
  });

  it("declines what it cannot do: last axis not a multiple of 4, shapes that differ, another dtype", () => {
    const eps = 1e-12;
    const x = tf.zeros([37, 24]);
    const gamma = tf.ones([24]) as tf.Tensor1D;
    const beta = tf.zeros([24]) as tf.Tensor1D;
    const odd = tf.zeros([2, 6]);
    const [gamma6, beta6] = [tf.ones([6]) as tf.Tensor1D, tf.zeros([6]) as tf.Tensor1D];
    const narrow = tf.zeros([37, 4]);
    const ints = tf.zeros([37, 24], "int32");
    expect(addLayerNormWasm({ x: odd, residual: odd, gamma: gamma6, beta: beta6, eps })).toBeNull();
    expect(addLayerNormWasm({ x, residual: narrow, gamma, beta, eps })).toBeNull();
    expect(addLayerNormWasm({ x, residual: ints, gamma, beta, eps })).toBeNull();
    tf.dispose([x, gamma, beta, odd, gamma6, beta6, narrow, ints]);
  });
});
