import { describe, expect, it } from "vitest";
import { simdInstance } from "../module.js";
import { randomArray, rng } from "../testing.test-util.js";
import { scaleRows } from "./scale-rows.js";

describe("scaleRows", () => {
  const simd = simdInstance()!;
  const f32 = (ptr: number, n: number) => new Float32Array(simd.memory.buffer, ptr, n);

  it.each([1, 4, 7])("divides a 5 x %i block in float32 (vector part and scalar tail), between strides", (cols) => {
    const rows = 5;
    const src = randomArray(rows * (cols + 2), rng(cols), 3); // row stride cols + 2
    f32(0, src.length).set(src);
    const dst = 2048;
    f32(dst, rows * (cols + 5)).fill(-7);
    scaleRows(simd, { src: 0, srcRowBytes: (cols + 2) * 4, rows, cols, divisor: 8, dst, dstRowBytes: (cols + 5) * 4 });
    const out = f32(dst, rows * (cols + 5));
    for (let i = 0; i < rows; i++) {
      for (let c = 0; c < cols + 5; c++) {
        const want = c < cols ? Math.fround((src[i * (cols + 2) + c] as number) / 8) : -7;
        expect(out[i * (cols + 5) + c]).toBe(want);
      }
    }
  });
});
