import { describe, expect, it } from "vitest";
import { alignedLayout } from "../layout.js";
import { simdInstance } from "../module.js";
import { maxDiff, randomArray, rng } from "../testing.test-util.js";
import { type BandCoreArgs, bandCore } from "./band-core.js";

describe("bandCore", () => {
  const simd = simdInstance()!;
  const f32 = (ptr: number, n: number) => new Float32Array(simd.memory.buffer, ptr, n);

  // One row of L = 10 tokens (a partial last tile), head size 8, w = 2, no global keys; token 6 is not a local
  // key (a global or padding token): no query attends to it and its own row comes out zero.
  const [L, Lq, D, w, nb] = [10, 12, 8, 2, 8];
  const Lk = Lq + nb;
  const notLocal = 6;
  const random = rng(3);
  const q = randomArray(L * D, random, 1);
  const k = randomArray(L * D, random, 1);
  const v = randomArray(L * D, random, 1);
  const at = alignedLayout({ qs: Lq * D, kt: D * Lk, kbias: Lk, none: 8, vh: L * D, s: 4 * nb, out: Lq * D });

  function stageAndRun(overrides: Partial<BandCoreArgs> = {}): Float32Array {
    f32(0, at.end / 4).fill(0);
    f32(at.qs, L * D).set(q);
    for (let j = 0; j < L; j++) for (let d = 0; d < D; d++) f32(at.kt, D * Lk)[d * Lk + w + j] = k[j * D + d] as number;
    const kbias = f32(at.kbias, Lk).fill(Number.NEGATIVE_INFINITY);
    for (let j = 0; j < L; j++) if (j !== notLocal) kbias[w + j] = 0;
    f32(at.vh, L * D).set(v);
    bandCore(simd, {
      queries: at.qs,
      keysT: at.kt,
      keysTRowBytes: Lk * 4,
      keyBias: at.kbias,
      globalKeysT: at.none,
      globalBias: at.none,
      globalSlots: 0,
      values: at.vh,
      valuesRowBytes: D * 4,
      globalValues: at.none,
      seqLen: L,
      paddedLen: Lq,
      window: w,
      bandCols: nb,
      headDim: D,
      paddedHeadDim: D,
      scores: at.s,
      scoresStepBytes: 0,
      out: at.out,
      outRowBytes: D * 4,
      ...overrides,
    });
    return f32(at.out, L * D).slice();
  }

  it("attends each local query to the local keys within the window (float64 check), zero rows elsewhere", () => {
    const got = stageAndRun();
    const want = new Float32Array(L * D);
    for (let i = 0; i < L; i++) {
      if (i === notLocal) continue; // stays zero
      const keys = [];
      for (let j = Math.max(0, i - w); j <= Math.min(L - 1, i + w); j++) if (j !== notLocal) keys.push(j);
      const scores = keys.map((j) => {
        let s = 0;
        for (let d = 0; d < D; d++) s += (q[i * D + d] as number) * (k[j * D + d] as number);
        return s;
      });
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const sum = e.reduce((a, b) => a + b, 0);
      keys.forEach((j, t) => {
        for (let d = 0; d < D; d++)
          want[i * D + d] = (want[i * D + d] as number) + ((e[t] as number) / sum) * (v[j * D + d] as number);
      });
    }
    expect(maxDiff(got, want)).toBeLessThan(1e-5);
    expect(Array.from(got.subarray(notLocal * D, (notLocal + 1) * D))).toEqual(new Array(D).fill(0));
  });

  it("rejects a geometry the tiles cannot run, naming the argument", () => {
    const cases: Array<[Partial<BandCoreArgs>, RegExp]> = [
      [{ paddedLen: 10 }, /paddedLen must be a multiple of 4/],
      [{ paddedLen: 8 }, /paddedLen must be at least seqLen/],
      [{ bandCols: 12 }, /bandCols must be a multiple of 8/],
      [{ window: 3 }, /bandCols must be at least 2 \* window \+ 4/],
      [{ paddedHeadDim: 4 }, /paddedHeadDim must be a multiple of 8/],
      [{ globalSlots: 2 }, /globalSlots must be a multiple of 8/],
      [{ values: -4 }, /values must be a non-negative integer/],
    ];
    for (const [overrides, message] of cases) {
      expect(() => stageAndRun(overrides)).toThrow(message);
      expect(() => stageAndRun(overrides)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    }
  });
});
