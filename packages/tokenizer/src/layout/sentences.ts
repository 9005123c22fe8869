import type { CharSpan } from "../core/types.js";

/**
 * V8's `Intl.Segmenter` slows down quadratically on long strings (4 s for 570k characters against
 * 50 ms for 100k), so long texts are segmented in windows. Each window restarts at a sentence
 * boundary already found, and only boundaries at least `WINDOW_MARGIN` characters before the
 * window's end are kept, since the sentence-break rules may look ahead past trailing punctuation
 * and spaces before deciding.
 */
const WINDOW = 16_384;
const WINDOW_MARGIN = 512;

/** Ends of the sentence segments of `text`, in order (the last one is `text.length`). */
function sentenceBoundaries(text: string, segmenter: Intl.Segmenter): number[] {
  const ends: number[] = [];
  let start = 0;
  let window = WINDOW;
  while (start < text.length) {
    const end = Math.min(text.length, start + window);
    const last = end === text.length;
    let accepted = 0;
    for (const { index, segment } of segmenter.segment(text.slice(start, end))) {
      const boundary = start + index + segment.length;
      if (!last && boundary > end - WINDOW_MARGIN) break;
      ends.push(boundary);
      accepted = boundary;
    }
    if (accepted > start) {
      start = accepted;
      window = WINDOW;
    } else {
      window *= 2; // one sentence longer than the window: look further
    }
  }
  return ends;
}

/**
 * Sentence spans of `text` from `Intl.Segmenter` (whitespace around each sentence trimmed off).
 * Segments that are only whitespace are dropped.
 */
export function segmentSentences(text: string, locale: string): CharSpan[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: "sentence" });
  const spans: CharSpan[] = [];
  let begin = 0;
  for (const end of sentenceBoundaries(text, segmenter)) {
    const segment = text.slice(begin, end);
    const leading = segment.length - segment.trimStart().length;
    const trimmed = segment.trim();
    if (trimmed.length > 0) spans.push([begin + leading, begin + leading + trimmed.length]);
    begin = end;
  }
  return spans;
}

/**
 * Assigns every word piece to the sentence that contains its first character (pieces and
 * sentences are both in text order, so one forward pass suffices). Sentences without pieces are
 * dropped and the rest renumbered, so every returned sentence owns at least one piece.
 */
export function assignSentences(
  offsets: readonly CharSpan[],
  spans: readonly CharSpan[],
): { sentenceOf: Int32Array; sentences: CharSpan[] } {
  const sentenceOf = new Int32Array(offsets.length);
  const sentences: CharSpan[] = [];
  let span = 0;
  let lastUsedSpan = -1;
  for (let i = 0; i < offsets.length; i++) {
    const start = (offsets[i] as CharSpan)[0];
    // A piece before the first sentence or between two (e.g. a stray symbol the segmenter
    // left in whitespace) stays with the sentence before it, or the first one.
    while (span + 1 < spans.length && start >= (spans[span + 1] as CharSpan)[0]) span++;
    if (span !== lastUsedSpan) {
      const s = spans[span];
      sentences.push(s ? [s[0], s[1]] : [start, (offsets[i] as CharSpan)[1]]);
      lastUsedSpan = span;
    }
    sentenceOf[i] = sentences.length - 1;
  }
  return { sentenceOf, sentences };
}
