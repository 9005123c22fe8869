import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { randomArray, rng, useBackend } from "../testing.test-util.js";
import { tfjsWasmHeap } from "../tfjs-wasm-heap.js";
import { geluErfSimd, geluErfWasm } from "./gelu.js";

/** erf(z) in float64 for z >= 0: `2/sqrt(pi) e^(-z^2) sum_n (2z^2)^n z / (1*3*...*(2n+1))` (all terms positive). */
function erf64(z: number): number {
  if (z > 6) return 1; // 1 - erf(6) = 2e-17
  let term = z;
  let sum = z;
  for (let n = 1; term > sum * 1e-18; n++) {
    term *= (2 * z * z) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-z * z) * sum;
}
const geluExact = (x: number) => 0.5 * x * (1 + Math.sign(x) * erf64(Math.abs(x) * Math.SQRT1_2));

describe("geluErfSimd", () => {
  it("is the exact GELU to float32 rounding on [-12, 12] and in the tails", () => {
    const grid = Float32Array.from({ length: 240_001 }, (_, i) => -12 + i * 1e-4); // also crosses a 65536 chunk edge
    const extra = [0, -0, 1e-30, -1e-30, 5.65, 5.66, -5.65, -5.66, 30, -30, 1e6, -1e6];
    const x = Float32Array.from([...grid, ...extra]);
    const y = geluErfSimd(x);
    expect(y).not.toBeNull();
    let worst = 0;
    let worstAt = 0;
    x.forEach((v, i) => {
      const exact = geluExact(v);
      // float32 rounding of the result (half an ulp, 6e-8 relative) plus |x|/2 times erf's error (<= 1.6e-8)
      const err = Math.abs((y as Float32Array)[i]! - exact) / (6e-8 * Math.abs(exact) + 0.8e-8 * Math.abs(v) + 1e-45);
      if (err > worst) [worst, worstAt] = [err, v];
    });
    expect(worst, `worst at x = ${worstAt}`).toBeLessThanOrEqual(1);
    expect(Array.from(geluErfSimd(Float32Array.of(-1e6, -30, 30))!)).toEqual([-0, -0, 30]);
  });

  it("keeps NaN and the sign of infinity, for lengths that are not multiples of four", () => {
    const y = geluErfSimd(Float32Array.of(Number.NaN, Number.POSITIVE_INFINITY, 1, -1, 2))!;
    expect(Number.isNaN(y[0])).toBe(true);
    expect(y[1]).toBe(Number.POSITIVE_INFINITY);
    expect(y[2]).toBeCloseTo(0.8413447460685429, 7);
    expect(y[3]).toBeCloseTo(-0.15865525393145707, 7);
    expect(y[4]).toBeCloseTo(1.9544997361036416, 6);
  });

  it("writes in place when out is the input, and leaves the input alone otherwise", () => {
    const x = Float32Array.of(-2, -1, 0, 1, 2, 3, 4);
    const copy = x.slice();
    const y = geluErfSimd(x)!;
    expect(Array.from(x)).toEqual(Array.from(copy));
    expect(geluErfSimd(x, x)).toBe(x);
    expect(Array.from(x)).toEqual(Array.from(y));
    expect(() => geluErfSimd(x, new Float32Array(3))).toThrow(expect.objectContaining({ code: "SIZE_MISMATCH" }));
  });

  it("handles an empty array", () => {
    expect(geluErfSimd(new Float32Array(0))).toEqual(new Float32Array(0));
  });
});

describe("geluErfWasm on cpu", () => {
  beforeAll(() => useBackend("cpu"));

  it("runs on copies, as geluErfSimd, any size, input untouched", () => {
    expect(tfjsWasmHeap()).toBeNull();
    const values = randomArray(4 * 1001 + 3, rng(1), 8);
    const x = tf.tensor1d(values);
    const y = geluErfWasm(x)!;
    expect(Array.from(y.dataSync())).toEqual(Array.from(geluErfSimd(values)!));
    expect(Array.from(x.dataSync())).toEqual(Array.from(values));
    tf.dispose([x, y]);
  });

  it("declines another dtype (the caller keeps its tf-op formula)", () => {
    const ints = tf.tensor1d([1, 2, 3, 4], "int32");
    expect(geluErfWasm(ints)).toBeNull();
    ints.dispose();
  });
});

describe("geluErfWasm on wasm", () => {
  beforeAll(() => useBackend("wasm"));

  it("equals geluErfSimd bit for bit, in the heap and (size not a multiple of 4) on copies", () => {
    expect(tfjsWasmHeap()).not.toBeNull();
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
});
