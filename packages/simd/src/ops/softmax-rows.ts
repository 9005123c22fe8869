import type { SimdInstance } from "../module.js";
import { checkMultiple, checkOffsets } from "./check.js";

/** Arguments of `softmaxRows`: byte offsets and the byte row stride in the instance's memory. */
export interface SoftmaxRowsArgs {
  /** `rows` rows of `cols` float scores, softmaxed in place. */
  scores: number;
  rowBytes: number;
  rows: number;
  /** A multiple of 4. */
  cols: number;
  /** `cols` floats added to every row first: 0 for a key, -inf for a masked one. */
  bias: number;
}

/**
 * The float32 softmax of each row plus `bias`, in PyTorch's order (exp(s - max), times 1 / sum) with a
 * vectorised exp: exactly 0 for masked keys, an all-masked row all 0. The global rows' softmax over all keys.
 */
export function softmaxRows(simd: SimdInstance, args: SoftmaxRowsArgs): void {
  const { scores, rowBytes, rows, cols, bias } = args;
  checkOffsets("softmaxRows", { scores, rowBytes, rows, cols, bias });
  checkMultiple("softmaxRows", "cols", cols, 4);
  simd.exports.softmaxRows(scores, rowBytes, rows, cols, bias);
}
