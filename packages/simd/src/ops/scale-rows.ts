import type { SimdInstance } from "../module.js";
import { checkOffsets } from "./check.js";

/** Arguments of `scaleRows`: byte offsets and byte row strides in the instance's memory. */
export interface ScaleRowsArgs {
  /** The (rows, cols) float block read. */
  src: number;
  srcRowBytes: number;
  rows: number;
  cols: number;
  /** Every value is divided by it (1: a plain, exact copy). */
  divisor: number;
  /** Where the (rows, cols) result goes (may not overlap `src` unless equal to it with the same stride). */
  dst: number;
  dstRowBytes: number;
}

/**
 * `dst[i][c] = src[i][c] / divisor`, four floats at a time: stages a head's queries (divided by sqrt(D) as HF
 * does) and copies rows into layouts padded to whole SIMD blocks.
 */
export function scaleRows(simd: SimdInstance, args: ScaleRowsArgs): void {
  const { src, srcRowBytes, rows, cols, divisor, dst, dstRowBytes } = args;
  checkOffsets("scaleRows", { src, srcRowBytes, rows, cols, dst, dstRowBytes });
  simd.exports.scaleRows(src, srcRowBytes, rows, cols, divisor, dst, dstRowBytes);
}
