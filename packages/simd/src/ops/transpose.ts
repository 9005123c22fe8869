import type { SimdInstance } from "../module.js";
import { checkOffsets } from "./check.js";

/** Arguments of `transpose`: byte offsets and byte row strides in the instance's memory. */
export interface TransposeArgs {
  /** The (rows, cols) float block read. */
  src: number;
  srcRowBytes: number;
  rows: number;
  cols: number;
  /** Where its (cols, rows) transpose goes; nothing past `rows` floats of a destination row is written. */
  dst: number;
  dstRowBytes: number;
}

/**
 * `dst[c][i] = src[i][c]`: 4 x 4 blocks through registers, the ragged edges one float at a time. Lays keys out
 * so that one load carries four keys.
 */
export function transpose(simd: SimdInstance, args: TransposeArgs): void {
  const { src, srcRowBytes, rows, cols, dst, dstRowBytes } = args;
  checkOffsets("transpose", { src, srcRowBytes, rows, cols, dst, dstRowBytes });
  simd.exports.transpose(src, srcRowBytes, rows, cols, dst, dstRowBytes);
}
