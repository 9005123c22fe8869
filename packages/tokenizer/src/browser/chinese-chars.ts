/**
 * CJK ideograph ranges of HF tokenizers' (Rust) BertNormalizer, which puts spaces around them.
 * `@huggingface/tokenizers` tests UTF-16 code units, so it never sees the supplementary-plane
 * ranges (Extension B and later); the browser backend adds the spaces for those itself.
 */
const RUST_CHINESE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x4e00, 0x9fff],
  [0x3400, 0x4dbf],
  [0x20000, 0x2a6df],
  [0x2a700, 0x2b73f],
  [0x2b740, 0x2b81f],
  [0x2b920, 0x2ceaf],
  [0xf900, 0xfaff],
  [0x2f800, 0x2fa1f],
];

/** True for a code point outside the BMP that Rust's BertNormalizer treats as a Chinese character. */
export function isSupplementaryChineseChar(codePoint: number): boolean {
  return codePoint > 0xffff && RUST_CHINESE_RANGES.some(([lo, hi]) => codePoint >= lo && codePoint <= hi);
}
