import type { ProblemType } from "../config/problem-type.js";

export interface LabelScore {
  label: string;
  score: number;
}

/** How one row of logits reads for a problem type. */
export interface Classification {
  /** The top label (regression: the first output's name). */
  label: string;
  /** Its probability (softmax / sigmoid); regression: the raw predicted value. */
  score: number;
  /** Every label, best first (limited to `topK` when given). */
  scores: LabelScore[];
  /** Labels at or above `threshold` (multi-label); `[label]` otherwise. */
  labels: string[];
}

export function softmax(logits: ArrayLike<number>): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  const exps = Array.from(logits, (x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * One row of logits -> scores, HF's way: softmax for single-label, sigmoid per label for multi-label, the raw
 * values for regression.
 */
export function classifyRow(
  logits: ArrayLike<number>,
  labels: readonly string[],
  problemType: ProblemType,
  options: { topK?: number; threshold?: number } = {},
): Classification {
  const probs =
    problemType === "single_label_classification"
      ? softmax(logits)
      : problemType === "multi_label_classification"
        ? Array.from(logits, sigmoid)
        : Array.from(logits);
  const all = probs.map((score, i) => ({ label: labels[i] ?? `LABEL_${i}`, score }));
  const ranked = problemType === "regression" ? all : [...all].sort((a, b) => b.score - a.score);
  const best = ranked[0] ?? { label: "", score: Number.NaN };
  const threshold = options.threshold ?? 0.5;
  return {
    label: best.label,
    score: best.score,
    scores: options.topK === undefined ? ranked : ranked.slice(0, options.topK),
    labels:
      problemType === "multi_label_classification"
        ? ranked.filter((s) => s.score >= threshold).map((s) => s.label)
        : [best.label],
  };
}

/** The `k` largest entries of `row[offset .. offset + size)` with their softmax probabilities, best first. */
export function topKSoftmax(
  row: ArrayLike<number>,
  offset: number,
  size: number,
  k: number,
): Array<{ index: number; logit: number; probability: number }> {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < size; i++) max = Math.max(max, row[offset + i] as number);
  let sum = 0;
  const best: Array<{ index: number; logit: number }> = [];
  for (let i = 0; i < size; i++) {
    const logit = row[offset + i] as number;
    sum += Math.exp(logit - max);
    if (best.length < k || logit > (best[best.length - 1] as { logit: number }).logit) {
      let at = best.length;
      while (at > 0 && (best[at - 1] as { logit: number }).logit < logit) at--;
      best.splice(at, 0, { index: i, logit });
      if (best.length > k) best.pop();
    }
  }
  return best.map((b) => ({ ...b, probability: Math.exp(b.logit - max) / sum }));
}
