import { HeadsError } from "../errors.js";

/** A run of word pieces `[start, end)` of one text that goes through the model in one row. */
export interface TokenWindow {
  start: number;
  end: number;
}

/**
 * Overlapping windows of at most `size` pieces over `total` pieces, each starting `size - stride` after the
 * previous one (`stride` = overlap in pieces, HF's `doc_stride`/`stride`), the last one ending at `total`.
 */
export function slidingWindows(total: number, size: number, stride: number, what: string): TokenWindow[] {
  if (!Number.isInteger(size) || size < 1) {
    throw new HeadsError("INVALID_INPUT", `${what}: no room left for the text in the model's length (${size} pieces)`);
  }
  if (!Number.isInteger(stride) || stride < 0 || stride >= size) {
    throw new HeadsError(
      "INVALID_OPTION",
      `${what}: stride (the overlap between windows) must be an integer in [0, ${size - 1}], got ${stride}`,
    );
  }
  const windows: TokenWindow[] = [];
  for (let start = 0; ; start += size - stride) {
    const end = Math.min(total, start + size);
    windows.push({ start, end });
    if (end >= total) return windows;
  }
}

/** For piece `i`, the window that sees it with the most context on both sides (a piece in an overlap gets one vote). */
export function bestWindowFor(i: number, windows: readonly TokenWindow[]): number {
  let best = 0;
  let bestMargin = Number.NEGATIVE_INFINITY;
  windows.forEach((w, k) => {
    if (i < w.start || i >= w.end) return;
    const margin = Math.min(i - w.start, w.end - 1 - i);
    if (margin > bestMargin) {
      bestMargin = margin;
      best = k;
    }
  });
  return best;
}

/** A positive integer option (`INVALID_OPTION` naming it otherwise). */
export function positiveIntOption(value: number | undefined, fallback: number, what: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1)
    throw new HeadsError("INVALID_OPTION", `${what} must be a positive integer, got ${n}`);
  return n;
}
