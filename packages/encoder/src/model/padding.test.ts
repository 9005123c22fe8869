import { describe, expect, it } from "vitest";
import { createPositionIds } from "../modules/embeddings.js";
import { padToWindowSize } from "./padding.js";

describe("padToWindowSize (HF _pad_to_window_size)", () => {
  const inputs = {
    batch: 2,
    seqLen: 5,
    inputIds: new Int32Array([7, 8, 9, 10, 11, 7, 8, 0, 0, 0]),
    attentionMask: new Int32Array([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]),
    globalAttentionMask: new Int32Array([1, 0, 0, 0, 1, 0, 0, 0, 0, 1]),
    tokenTypeIds: new Int32Array([0, 0, 1, 1, 1, 0, 1, 1, 1, 1]),
  };

  it("pads every row on the right to a multiple of the window with pad id, mask 0, type 0", () => {
    const p = padToWindowSize(inputs, 4, 0);
    expect(p.paddingLen).toBe(3);
    expect(p.inputLen).toBe(5);
    expect(p.seqLen).toBe(8);
    expect(Array.from(p.inputIds)).toEqual([7, 8, 9, 10, 11, 0, 0, 0, 7, 8, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(p.attentionMask)).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(p.globalAttentionMask)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(p.tokenTypeIds)).toEqual([0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0]);
  });

  it("leaves a length that is already a multiple alone", () => {
    const p = padToWindowSize(inputs, 5, 0);
    expect(p.paddingLen).toBe(0);
    expect(p.inputIds).toBe(inputs.inputIds);
  });
});

describe("createPositionIds (HF create_position_ids_from_input_ids)", () => {
  it("numbers real tokens from pad + 1 and does not advance over padding in the middle of a row", () => {
    // HAT layout: a block ending in padding, then the next block's [SEP]
    const ids = new Int32Array([101, 5, 6, 0, 102, 7, 0, 0]);
    expect(Array.from(createPositionIds(ids, 1, 8, 0))).toEqual([1, 2, 3, 0, 4, 5, 0, 0]);
  });

  it("uses the pad id as the offset (RoBERTa-style pad 1) and restarts every row", () => {
    const ids = new Int32Array([0, 5, 1, 6, 0, 1, 1, 2]);
    expect(Array.from(createPositionIds(ids, 2, 4, 1))).toEqual([2, 3, 1, 4, 2, 1, 1, 3]);
  });
});
