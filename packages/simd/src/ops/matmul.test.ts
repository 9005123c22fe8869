import { describe, expect, it } from "vitest";
import { simdInstance } from "../module.js";
import { randomArray, rng } from "../testing.test-util.js";
import { matmul } from "./matmul.js";

describe("matmul", () => {
  const simd = simdInstance()!;
  const f32 = (ptr: number, n: number) => new Float32Array(simd.memory.buffer, ptr, n);

  it("equals a float64 product on strided operands", () => {
    const [M, N, K] = [8, 16, 37];
    const random = rng(5);
    const a = randomArray(M * (K + 1), random, 1); // row stride K + 1
    const b = randomArray(K * (N + 8), random, 1); // row stride N + 8
    const [pa, pb, pc] = [0, 8192, 16384];
    f32(pa, a.length).set(a);
    f32(pb, b.length).set(b);
    matmul(simd, {
      a: pa,
      aRowBytes: (K + 1) * 4,
      b: pb,
      bRowBytes: (N + 8) * 4,
      c: pc,
      cRowBytes: N * 4,
      rows: M,
      cols: N,
      inner: K,
    });
    const c = f32(pc, M * N);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let want = 0;
        for (let k = 0; k < K; k++) want += (a[i * (K + 1) + k] as number) * (b[k * (N + 8) + j] as number);
        expect(Math.abs((c[i * N + j] as number) - want)).toBeLessThan(1e-5);
      }
    }
  });

  it("rejects sizes that are not whole register blocks, and offsets that are not byte offsets", () => {
    const ok = { a: 0, aRowBytes: 32, b: 256, bRowBytes: 32, c: 512, cRowBytes: 32, rows: 4, cols: 8, inner: 8 };
    const code = (args: typeof ok) => {
      try {
        matmul(simd, args);
        return "ok";
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    expect(code(ok)).toBe("ok");
    expect(code({ ...ok, rows: 6 })).toBe("INVALID_ARGUMENT");
    expect(code({ ...ok, cols: 12 })).toBe("INVALID_ARGUMENT");
    expect(code({ ...ok, a: Number.NaN })).toBe("INVALID_ARGUMENT");
    expect(code({ ...ok, c: -16 })).toBe("INVALID_ARGUMENT");
    expect(code({ ...ok, inner: 2.5 })).toBe("INVALID_ARGUMENT");
  });
});
