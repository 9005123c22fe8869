/** A candidate answer span over token positions of one row, scored like HF's QA pipeline. */
export interface TokenSpan {
  start: number;
  end: number;
  /** `p_start(start) * p_end(end)`, each a softmax over the row's allowed positions. */
  score: number;
}

/** Softmax of `logits` over the positions where `allowed` is true; the others get 0. */
function maskedSoftmax(logits: ArrayLike<number>, allowed: (i: number) => boolean): Float64Array {
  const out = new Float64Array(logits.length);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) if (allowed(i)) max = Math.max(max, logits[i] as number);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    if (!allowed(i)) continue;
    out[i] = Math.exp((logits[i] as number) - max);
    sum += out[i] as number;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
}

/**
 * HF's span decoding for one row: start and end probabilities are softmaxes over the context positions plus
 * the first token (`[CLS]`, the "no answer" slot); spans run over context positions only with
 * `start <= end < start + maxAnswerLength`; the best `topK` by `p_start * p_end` (so the order is that of
 * `start_logit + end_logit`). `nullScore` is `p_start(0) * p_end(0)` (HF's `handle_impossible_answer`).
 */
export function scoreSpans(
  startLogits: ArrayLike<number>,
  endLogits: ArrayLike<number>,
  context: { first: number; last: number },
  maxAnswerLength: number,
  topK: number,
): { spans: TokenSpan[]; nullScore: number } {
  const allowed = (i: number) => i === 0 || (i >= context.first && i <= context.last);
  const ps = maskedSoftmax(startLogits, allowed);
  const pe = maskedSoftmax(endLogits, allowed);
  const spans: TokenSpan[] = [];
  for (let s = context.first; s <= context.last; s++) {
    const stop = Math.min(context.last, s + maxAnswerLength - 1);
    for (let e = s; e <= stop; e++) spans.push({ start: s, end: e, score: (ps[s] as number) * (pe[e] as number) });
  }
  spans.sort((a, b) => b.score - a.score || a.start - b.start || a.end - b.end);
  return { spans: spans.slice(0, topK), nullScore: (ps[0] as number) * (pe[0] as number) };
}
