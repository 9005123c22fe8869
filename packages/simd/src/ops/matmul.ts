import type { SimdInstance } from "../module.js";
import { checkMultiple, checkOffsets } from "./check.js";

/** Arguments of `matmul`: `c (rows, cols) = a (rows, inner) b (inner, cols)`, byte offsets and row strides. */
export interface MatmulArgs {
  a: number;
  aRowBytes: number;
  b: number;
  bRowBytes: number;
  c: number;
  cRowBytes: number;
  /** Rows of `a` and `c`: a multiple of 4 (the register block's rows). */
  rows: number;
  /** Columns of `b` and `c`: a multiple of 8 (the register block's columns). */
  cols: number;
  /** Columns of `a`, rows of `b`. */
  inner: number;
}

/**
 * A small float32 matrix product on the 4 x 8 register block of the band scores: the global rows' products,
 * which tfjs-wasm runs as `BatchMatMul` at ~2 GFLOP/s (or as XNNPACK matMuls that repack a fresh operand
 * every call).
 */
export function matmul(simd: SimdInstance, args: MatmulArgs): void {
  const { a, aRowBytes, b, bRowBytes, c, cRowBytes, rows, cols, inner } = args;
  checkOffsets("matmul", { a, aRowBytes, b, bRowBytes, c, cRowBytes, rows, cols, inner });
  checkMultiple("matmul", "rows", rows, 4);
  checkMultiple("matmul", "cols", cols, 8);
  simd.exports.matmul(a, aRowBytes, b, bRowBytes, c, cRowBytes, rows, cols, inner);
}
