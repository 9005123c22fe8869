import { describe, expect, it } from "vitest";
import { simdInstance } from "../module.js";
import { randomArray, rng } from "../testing.test-util.js";
import { transpose } from "./transpose.js";

describe("transpose", () => {
  const simd = simdInstance()!;
  const f32 = (ptr: number, n: number) => new Float32Array(simd.memory.buffer, ptr, n);

  it.each([
    [1, 1],
    [4, 4],
    [7, 10],
    [13, 5],
  ])("of a %i x %i block with a row stride and ragged edges, nothing written past the block", (rows, cols) => {
    const src = randomArray(rows * (cols + 3), rng(rows * 31 + cols), 1); // row stride cols + 3
    f32(0, src.length).set(src);
    const dst = 4096;
    f32(dst, cols * (rows + 5)).fill(-7);
    transpose(simd, { src: 0, srcRowBytes: (cols + 3) * 4, rows, cols, dst, dstRowBytes: (rows + 5) * 4 });
    const out = f32(dst, cols * (rows + 5));
    for (let c = 0; c < cols; c++) {
      for (let i = 0; i < rows + 5; i++) {
        expect(out[c * (rows + 5) + i]).toBe(i < rows ? src[i * (cols + 3) + c] : -7);
      }
    }
  });

  it("rejects a count that is not a non-negative integer", () => {
    expect(() => transpose(simd, { src: 0, srcRowBytes: 16, rows: -1, cols: 4, dst: 64, dstRowBytes: 16 })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });
});
