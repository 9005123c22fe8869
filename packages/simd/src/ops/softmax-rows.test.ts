import { describe, expect, it } from "vitest";
import { simdInstance } from "../module.js";
import { maxDiff, randomArray, rng } from "../testing.test-util.js";
import { softmaxRows } from "./softmax-rows.js";

/** Softmax of `row + bias` in float64, masked keys 0, an all-masked row all 0. */
function softmax64(row: Float32Array, bias: Float32Array): number[] {
  const x = Array.from(row, (v, i) => v + (bias[i] as number));
  const max = Math.max(...x);
  if (max === Number.NEGATIVE_INFINITY) return x.map(() => 0);
  const e = x.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

describe("softmaxRows", () => {
  const simd = simdInstance()!;
  const f32 = (ptr: number, n: number) => new Float32Array(simd.memory.buffer, ptr, n);

  it("softmaxes each row plus the mask, masked keys exactly 0, within float32 rounding", () => {
    const [rows, cols, stride] = [3, 12, 16];
    const scores = randomArray(rows * stride, rng(9), 20); // wide scores: exp's range reduction at work
    const bias = new Float32Array(cols).fill(0);
    bias.fill(Number.NEGATIVE_INFINITY, 9); // the last three keys masked
    const [ps, pb] = [0, 1024];
    f32(ps, scores.length).set(scores);
    f32(pb, cols).set(bias);
    softmaxRows(simd, { scores: ps, rowBytes: stride * 4, rows, cols, bias: pb });
    for (let r = 0; r < rows; r++) {
      const got = f32(ps + r * stride * 4, cols);
      expect(maxDiff(got, softmax64(scores.subarray(r * stride, r * stride + cols), bias))).toBeLessThan(1e-6);
      expect(Array.from(got.subarray(9))).toEqual([0, 0, 0]);
    }
  });

  it("leaves an all-masked row all zero, and rejects a column count that is not a multiple of 4", () => {
    f32(0, 4).set([1, 2, 3, 4]);
    f32(64, 4).fill(Number.NEGATIVE_INFINITY);
    softmaxRows(simd, { scores: 0, rowBytes: 16, rows: 1, cols: 4, bias: 64 });
    expect(Array.from(f32(0, 4))).toEqual([0, 0, 0, 0]);
    expect(() => softmaxRows(simd, { scores: 0, rowBytes: 24, rows: 1, cols: 6, bias: 64 })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });
});
