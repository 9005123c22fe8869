import type { SimdInstance } from "../module.js";
import { checkAtLeast, checkMultiple, checkOffsets } from "./check.js";

/**
 * Arguments of `bandCore`: the local queries of one (batch row, head), staged by the caller in the layouts below
 * (float32, byte offsets in the instance's memory; the caller owns the band geometry and the staging). Names
 * of the WAT parameters in brackets (src/wat/band-core.wat).
 */
export interface BandCoreArgs {
  /** [qs] (paddedLen, headDim) queries already divided by sqrt(headDim); rows seqLen.. zero. */
  queries: number;
  /** [kt] (headDim, keyCols) keys transposed: column `window + j` holds key j, the other columns zero. */
  keysT: number;
  /** [ktRow] byte stride of `keysT`'s rows (keyCols * 4). */
  keysTRowBytes: number;
  /** [kbias] (keyCols) 0 at column `window + j` when key j is a local token, -inf elsewhere. */
  keyBias: number;
  /** [kg] (headDim, globalSlots) the row's global keys transposed, unused slots zero. */
  globalKeysT: number;
  /** [gbias] (globalSlots) 0 for a used slot, -inf for an unused one. */
  globalBias: number;
  /** [Gp] global key slots, a multiple of 8 (0 without global tokens). */
  globalSlots: number;
  /** [vh] (seqLen, >= paddedHeadDim) values, lanes headDim.. zero. */
  values: number;
  /** [vRow] byte stride of `values`' rows. */
  valuesRowBytes: number;
  /** [vg] (globalSlots, paddedHeadDim) the global tokens' values. */
  globalValues: number;
  /** [L] tokens of the row. */
  seqLen: number;
  /** [Lq] query rows in whole tiles: seqLen rounded up to 4. */
  paddedLen: number;
  /** [w] one-sided window: query i attends to keys i - w .. i + w. */
  window: number;
  /** [nb] band columns of a tile: at least 2 * window + 4, a multiple of 8. */
  bandCols: number;
  /** [D] head size. */
  headDim: number;
  /** [Dp] head size rounded up to 8 (whole SIMD blocks). */
  paddedHeadDim: number;
  /** [s] scores then probabilities of a tile: 4 rows of globalSlots + bandCols floats. */
  scores: number;
  /** [sStep] bytes `scores` moves on per tile: 0 reuses one tile, `4 * (globalSlots + bandCols) * 4` keeps
   * every row's probabilities (then `scores` must hold paddedLen rows). Tile column globalSlots + c of query
   * i is key i - window + (c - i % 4). */
  scoresStepBytes: number;
  /** [out] (paddedLen, >= paddedHeadDim) context; rows of non-local queries are written as zero. */
  out: number;
  /** [outRow] byte stride of `out`'s rows. */
  outRowBytes: number;
}

/**
 * Banded attention of the local queries of one (batch row, head), four queries per tile: scores against the
 * global keys and the tile's band (a 4 x 8 register-blocked product over the transposed keys), the corners
 * outside each query's band and the key masks set to -inf, the float32 softmax, then probabilities x values.
 */
export function bandCore(simd: SimdInstance, args: BandCoreArgs): void {
  const a = args;
  checkOffsets("bandCore", {
    queries: a.queries,
    keysT: a.keysT,
    keysTRowBytes: a.keysTRowBytes,
    keyBias: a.keyBias,
    globalKeysT: a.globalKeysT,
    globalBias: a.globalBias,
    globalSlots: a.globalSlots,
    values: a.values,
    valuesRowBytes: a.valuesRowBytes,
    globalValues: a.globalValues,
    seqLen: a.seqLen,
    paddedLen: a.paddedLen,
    window: a.window,
    bandCols: a.bandCols,
    headDim: a.headDim,
    paddedHeadDim: a.paddedHeadDim,
    scores: a.scores,
    scoresStepBytes: a.scoresStepBytes,
    out: a.out,
    outRowBytes: a.outRowBytes,
  });
  checkMultiple("bandCore", "paddedLen", a.paddedLen, 4);
  checkAtLeast("bandCore", "paddedLen", a.paddedLen, a.seqLen, "seqLen");
  checkMultiple("bandCore", "bandCols", a.bandCols, 8);
  checkAtLeast("bandCore", "bandCols", a.bandCols, 2 * a.window + 4, "2 * window + 4");
  checkMultiple("bandCore", "paddedHeadDim", a.paddedHeadDim, 8);
  checkAtLeast("bandCore", "paddedHeadDim", a.paddedHeadDim, a.headDim, "headDim");
  checkMultiple("bandCore", "globalSlots", a.globalSlots, 8);
  simd.exports.attendHead(
    a.queries,
    a.keysT,
    a.keysTRowBytes,
    a.keyBias,
    a.globalKeysT,
    a.globalBias,
    a.globalSlots,
    a.values,
    a.globalValues,
    a.seqLen,
    a.paddedLen,
    a.window,
    a.bandCols,
    a.headDim,
    a.paddedHeadDim,
    a.scores,
    a.scoresStepBytes,
    a.valuesRowBytes,
    a.out,
    a.outRowBytes,
  );
}
