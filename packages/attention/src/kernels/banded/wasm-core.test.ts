import { describe, expect, it } from "vitest";
import { randomArray, rng } from "../../testing.test-util.js";
import { bandedLocalJs } from "./local-core.js";
import { bandedLocalWasm } from "./wasm-core.js";

describe("banded local attention in the SIMD module (staging + bandCore)", () => {
  // Head sizes padded to 8-float blocks (1, 3, 4, 7, 21) or not (16, 64); lengths with a partial last tile (37)
  // or whole tiles (40): with both whole, values are read and the context written in place.
  it.each(
    [1, 3, 4, 7, 16, 21, 64].flatMap((d) => [
      [d, 37],
      [d, 40],
    ]),
  )("matches the JS core for head size %i, length %i, padding, globals and a growing memory", (headDim, len) => {
    const random = rng(headDim + len);
    const heads = 2;
    const batch = 2;
    const w = 5;
    const H = heads * headDim;
    const merged = new Int32Array(batch * len).fill(1);
    merged.fill(0, len + 30); // row 1 padded after 30 tokens
    const globalIndices = [[0, 17], [3]];
    for (const [b, row] of globalIndices.entries()) for (const g of row) merged[b * len + g] = 2;
    const qkv = randomArray(batch * len * 3 * H, random, 3);
    const cols = 2 + 2 * w + 1;
    const run = (core: typeof bandedLocalJs) => {
      const context = new Float32Array(batch * len * H);
      const probs = new Float32Array(batch * heads * len * cols);
      core({ qkv, batch, len, heads, headDim, w, merged, globalIndices, maxGlobal: 2, context, probs });
      return { context, probs };
    };
    const js = run(bandedLocalJs);
    const wasm = run(bandedLocalWasm);
    const maxDiff = (a: Float32Array, b: Float32Array) =>
      a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
    expect(maxDiff(wasm.context, js.context)).toBeLessThan(2e-5);
    expect(maxDiff(wasm.probs, js.probs)).toBeLessThan(2e-6);
  });
});
