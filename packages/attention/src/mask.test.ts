import { describe, expect, it } from "vitest";
import { AttentionError } from "./errors.js";
import { prepareAttentionMask } from "./mask.js";

describe("prepareAttentionMask", () => {
  it("merges like HF: 0 padding, 1 local, 2 global; padding is never global", () => {
    const am = Int32Array.from([1, 1, 1, 0, 1, 1, 0, 0]);
    const gm = Int32Array.from([1, 0, 1, 1, 0, 0, 0, 1]);
    const info = prepareAttentionMask(am, gm, 2, 4);
    expect(Array.from(info.merged)).toEqual([2, 1, 2, 0, 1, 1, 0, 0]);
    expect(info.globalIndices).toEqual([[0, 2], []]);
    expect(info.maxGlobal).toBe(2);
    expect(info.batch).toBe(2);
    expect(info.seqLen).toBe(4);
  });

  it("has maxGlobal 0 when no row has a global token", () => {
    const info = prepareAttentionMask(Int32Array.from([1, 1, 0]), Int32Array.from([0, 0, 1]), 1, 3);
    expect(info.maxGlobal).toBe(0);
    expect(info.globalIndices).toEqual([[]]);
  });

  it("rejects wrong lengths and non-binary values with typed errors", () => {
    const bad = (fn: () => unknown, pattern: RegExp) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(AttentionError);
        expect((e as AttentionError).code).toBe("INVALID_MASK");
        expect((e as Error).message).toMatch(pattern);
        return;
      }
      throw new Error("expected an AttentionError");
    };
    bad(() => prepareAttentionMask(new Int32Array(5), new Int32Array(6), 2, 3), /attentionMask has 5 values/);
    bad(() => prepareAttentionMask(new Int32Array(6), new Int32Array(4), 2, 3), /globalAttentionMask has 4 values/);
    bad(() => prepareAttentionMask(Int32Array.from([1, 2, 1]), new Int32Array(3), 1, 3), /attentionMask\[0\]\[1\] = 2/);
    bad(() => prepareAttentionMask(new Int32Array(0), new Int32Array(0), 0, 3), /batch/);
    bad(() => prepareAttentionMask(new Int32Array(0), new Int32Array(0), 1, 0), /seqLen/);
  });
});
