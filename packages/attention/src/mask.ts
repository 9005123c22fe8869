import { AttentionError } from "./errors.js";

/**
 * The merged padding/local/global mask of one forward, built once and shared by every layer
 * (the global token positions do not depend on the layer, only the window does).
 */
export interface AttentionMaskInfo {
  batch: number;
  seqLen: number;
  /** (B*L) HF's merge `attention_mask * (global_attention_mask + 1)`: 0 padding, 1 local, 2 global. */
  merged: Int32Array;
  /** Per batch row, positions of its global tokens in increasing order. */
  globalIndices: number[][];
  /** G = largest number of global tokens in any row; 0 switches the global path off for the whole batch (as HF). */
  maxGlobal: number;
}

/** Merged mask values. */
export const PAD = 0;
export const LOCAL = 1;
export const GLOBAL = 2;

function checkBinary(name: string, mask: Int32Array, batch: number, seqLen: number): void {
  if (mask.length !== batch * seqLen) {
    throw new AttentionError(
      "INVALID_MASK",
      `${name} has ${mask.length} values, expected batch * seqLen = ${batch} * ${seqLen} = ${batch * seqLen}`,
    );
  }
  for (let i = 0; i < mask.length; i++) {
    const v = mask[i] as number;
    if (v !== 0 && v !== 1) {
      const row = Math.floor(i / seqLen);
      throw new AttentionError("INVALID_MASK", `${name}[${row}][${i - row * seqLen}] = ${v}; only 0 and 1 are allowed`);
    }
  }
}

/**
 * Builds the mask info from flat row-major `(batch, seqLen)` 0/1 masks. A token with
 * `attentionMask = 0` is never global, whatever `globalAttentionMask` says (HF's multiplicative merge).
 */
export function prepareAttentionMask(
  attentionMask: Int32Array,
  globalAttentionMask: Int32Array,
  batch: number,
  seqLen: number,
): AttentionMaskInfo {
  if (!Number.isInteger(batch) || batch < 1) {
    throw new AttentionError("INVALID_MASK", `batch must be a positive integer, got ${batch}`);
  }
  if (!Number.isInteger(seqLen) || seqLen < 1) {
    throw new AttentionError("INVALID_MASK", `seqLen must be a positive integer, got ${seqLen}`);
  }
  checkBinary("attentionMask", attentionMask, batch, seqLen);
  checkBinary("globalAttentionMask", globalAttentionMask, batch, seqLen);
  const merged = new Int32Array(batch * seqLen);
  const globalIndices: number[][] = [];
  let maxGlobal = 0;
  for (let b = 0; b < batch; b++) {
    const rowGlobals: number[] = [];
    for (let i = 0; i < seqLen; i++) {
      const at = b * seqLen + i;
      const value = (attentionMask[at] as number) * ((globalAttentionMask[at] as number) + 1);
      merged[at] = value;
      if (value === GLOBAL) rowGlobals.push(i);
    }
    globalIndices.push(rowGlobals);
    maxGlobal = Math.max(maxGlobal, rowGlobals.length);
  }
  return { batch, seqLen, merged, globalIndices, maxGlobal };
}
