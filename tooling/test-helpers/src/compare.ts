/** Anything with a shape and flat row-major data: tf tensors after `dataSync`, golden tensors. */
export interface ArrayLikeTensor {
  shape: readonly number[];
  data: ArrayLike<number>;
}

export interface Comparison {
  ok: boolean;
  /** Largest |actual - expected|; Infinity when a NaN appears on one side only. */
  maxAbsError: number;
  /** Multi-dimensional index of the worst element (empty when shapes differ or no elements). */
  worstIndex: number[];
  worstActual: number;
  worstExpected: number;
  shapeMismatch?: string;
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d] ?? 1;
    index[d] = flat % size;
    flat = Math.floor(flat / size);
  }
  return index;
}

/** Elementwise absolute comparison of every element (no relative term, no summary statistic). */
export function compareArrays(actual: ArrayLikeTensor, expected: ArrayLikeTensor, atol: number): Comparison {
  const sameShape =
    actual.shape.length === expected.shape.length && actual.shape.every((d, i) => d === expected.shape[i]);
  if (!sameShape || actual.data.length !== expected.data.length) {
    return {
      ok: false,
      maxAbsError: Number.POSITIVE_INFINITY,
      worstIndex: [],
      worstActual: Number.NaN,
      worstExpected: Number.NaN,
      shapeMismatch: `shape [${actual.shape.join(", ")}] (${actual.data.length} values) != expected [${expected.shape.join(", ")}] (${expected.data.length} values)`,
    };
  }
  let maxAbsError = 0;
  let worst = -1;
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i] as number;
    const e = expected.data[i] as number;
    const bothNaN = Number.isNaN(a) && Number.isNaN(e);
    const err = bothNaN ? 0 : Number.isNaN(a) || Number.isNaN(e) ? Number.POSITIVE_INFINITY : Math.abs(a - e);
    if (err > maxAbsError || worst < 0) {
      if (err > maxAbsError) maxAbsError = err;
      if (err >= maxAbsError) worst = i;
    }
  }
  return {
    ok: maxAbsError <= atol,
    maxAbsError,
    worstIndex: worst < 0 ? [] : unravel(worst, expected.shape),
    worstActual: worst < 0 ? Number.NaN : (actual.data[worst] as number),
    worstExpected: worst < 0 ? Number.NaN : (expected.data[worst] as number),
  };
}

/** Throws with the worst index and both values when any element differs by more than `atol`. */
export function expectArraysClose(
  actual: ArrayLikeTensor,
  expected: ArrayLikeTensor,
  atol: number,
  label = "tensor",
): Comparison {
  const c = compareArrays(actual, expected, atol);
  if (c.shapeMismatch) throw new Error(`${label}: ${c.shapeMismatch}`);
  if (!c.ok) {
    throw new Error(
      `${label}: max |actual - expected| = ${c.maxAbsError.toExponential(3)} > atol ${atol} ` +
        `at [${c.worstIndex.join(", ")}] (actual ${c.worstActual}, expected ${c.worstExpected})`,
    );
  }
  return c;
}

/** Row b's first `count` entries of the last axis of a (B, ..., G) tensor, as a (..., count) block. */
function realSlots(t: ArrayLikeTensor, b: number, count: number): ArrayLikeTensor {
  const slots = t.shape[t.shape.length - 1] ?? 1;
  const perRow = t.shape.slice(1).reduce((a, d) => a * d, 1);
  const lines = perRow / slots;
  const data = new Float64Array(lines * count);
  for (let line = 0; line < lines; line++) {
    const base = b * perRow + line * slots;
    for (let j = 0; j < count; j++) data[line * count + j] = t.data[base + j] as number;
  }
  return { shape: [...t.shape.slice(1, -1), count], data };
}

/**
 * One golden output against its expected tensor, elementwise within `atol`. With `numGlobalTokens` (HF's
 * `global_attentions`, (B, heads, L, G), for batches whose rows have fewer global tokens than G) only row b's
 * first `numGlobalTokens[b]` slots are compared: the rest is HF's filler. The worst row is reported, its index
 * prefixed with b.
 */
export function compareGolden(
  actual: ArrayLikeTensor,
  expected: ArrayLikeTensor,
  atol: number,
  numGlobalTokens?: readonly number[],
): Comparison {
  const whole = compareArrays(actual, expected, atol);
  if (!numGlobalTokens || whole.shapeMismatch) return whole;
  let worst: Comparison | undefined;
  numGlobalTokens.forEach((count, b) => {
    const c = compareArrays(realSlots(actual, b, count), realSlots(expected, b, count), atol);
    if (!worst || c.maxAbsError > worst.maxAbsError)
      worst = { ...c, worstIndex: c.worstIndex.length ? [b, ...c.worstIndex] : [] };
  });
  return worst ?? whole;
}
