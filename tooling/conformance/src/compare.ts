import type { WeightTensor } from "@longformer-ts/convert";
import { type ArrayLikeTensor, type Comparison, compareArrays } from "@longformer-ts/test-helpers";
import type { GoldenOutputSpec } from "./cases.js";
import type { ProducedOutput } from "./registry.js";

/** Row b's first `count` entries of the last axis of a (B, ..., G) tensor, as a (..., count) block. */
function realSlots(t: ArrayLikeTensor, b: number, count: number): ArrayLikeTensor {
  const slots = t.shape[t.shape.length - 1]!;
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
 * Elementwise comparison of one output with its golden value. For outputs marked with `num_global_tokens`
 * (global attentions of rows with fewer global tokens than G) only each row's real slots are compared: the
 * rest is HF filler.
 */
export function compareOutput(actual: ProducedOutput, expected: WeightTensor, spec: GoldenOutputSpec): Comparison {
  const exp: ArrayLikeTensor = { shape: expected.shape, data: expected.data };
  const whole = compareArrays(actual, exp, spec.atol);
  const counts = spec.num_global_tokens;
  if (!counts || whole.shapeMismatch) return whole;
  let worst: Comparison | undefined;
  counts.forEach((count, b) => {
    const c = compareArrays(realSlots(actual, b, count), realSlots(exp, b, count), spec.atol);
    if (!worst || c.maxAbsError > worst.maxAbsError)
      worst = { ...c, worstIndex: c.worstIndex.length ? [b, ...c.worstIndex] : [] };
  });
  return worst ?? whole;
}
