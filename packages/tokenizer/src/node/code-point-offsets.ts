import type { CharSpan } from "../core/types.js";

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * HF `tokenizers` reports offsets in Unicode code points; JavaScript strings index UTF-16 code
 * units. Returns a converter from code-point offsets of `text` to UTF-16 offsets (identity when
 * the text has no character outside the Basic Multilingual Plane).
 */
export function codePointToUtf16(text: string): (spans: number[][]) => CharSpan[] {
  if (!SURROGATE.test(text)) return (spans) => spans.map((s) => [s[0] ?? 0, s[1] ?? 0]);
  // utf16At[k] = UTF-16 index of the k-th code point (plus one entry for the end of the text)
  const utf16At: number[] = [];
  for (let i = 0; i < text.length; i++) {
    utf16At.push(i);
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  utf16At.push(text.length);
  const at = (k: number | undefined): number => utf16At[k ?? 0] ?? text.length;
  return (spans) => spans.map((s) => [at(s[0]), at(s[1])]);
}
