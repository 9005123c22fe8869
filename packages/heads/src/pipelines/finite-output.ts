import { HeadsError } from "../errors.js";

/**
 * Throws `NON_FINITE_OUTPUT` when the model's logits hold NaN or ±Infinity. Softmax over such a row gives NaN
 * scores, and a NaN never wins or loses a comparison, so without this check a broken checkpoint (NaN/Inf
 * weights) would answer with whichever label or token happens to come first (`[PAD]` at score NaN).
 *
 * @param logits row-major, `rowSize` values per row
 * @param what the call, e.g. `"fillMask"`
 * @param rowName names row `i` for the message, e.g. `(i) => \`mask ${i}\``
 */
export function checkFiniteLogits(
  logits: ArrayLike<number>,
  rowSize: number,
  what: string,
  rowName: (row: number) => string,
): void {
  let nan = 0;
  let positive = 0;
  let negative = 0;
  let first = -1;
  for (let i = 0; i < logits.length; i++) {
    const x = logits[i] as number;
    if (Number.isFinite(x)) continue;
    if (Number.isNaN(x)) nan++;
    else if (x > 0) positive++;
    else negative++;
    if (first < 0) first = i;
  }
  if (first < 0) return;
  const counts = [nan && `${nan} NaN`, positive && `${positive} +Infinity`, negative && `${negative} -Infinity`].filter(
    Boolean,
  );
  throw new HeadsError(
    "NON_FINITE_OUTPUT",
    `${what}: the model's logits are not finite (${counts.join(", ")} of ${logits.length} values, the first in ` +
      `${rowName(Math.floor(first / rowSize))}), so no score would mean anything; the checkpoint's weights ` +
      "probably hold NaN or Infinity",
  );
}
