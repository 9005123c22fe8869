import { isSupplementaryChineseChar } from "./chinese-chars.js";

/** A normalized string with, for each of its UTF-16 units, the source span it came from. */
export interface AlignedText {
  text: string;
  sourceStart: Int32Array;
  sourceEnd: Int32Array;
}

/**
 * Applies a normalizer one code point at a time, so that every normalized character knows which
 * source character produced it (the pure-JS library normalizes whole strings and keeps no
 * alignment). This is also what Rust does for the normalizers allowed here (BertNormalizer,
 * Lowercase, NFD/NFKD, StripAccents): they act per character, a removed character (an accent)
 * leaves no trace in any span, and a lowercase Σ stays σ whatever follows it (JavaScript's
 * whole-string `toLowerCase` would write a final ς there, which Rust never does).
 */
export class AlignedNormalizer {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly normalize: ((text: string) => string) | null,
    /** Put spaces around supplementary-plane CJK ideographs (BertNormalizer `handle_chinese_chars`). */
    private readonly padSupplementaryChinese: boolean,
  ) {}

  private normalizeChar(char: string): string {
    let out = this.cache.get(char);
    if (out === undefined) {
      out = this.normalize ? this.normalize(char) : char;
      if (this.padSupplementaryChinese && isSupplementaryChineseChar(char.codePointAt(0) as number)) out = ` ${out} `;
      this.cache.set(char, out);
    }
    return out;
  }

  /** Normalizes `source.slice(from, to)`; spans are absolute indices of `source`. */
  apply(source: string, from: number, to: number): AlignedText {
    const parts: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let i = from;
    while (i < to) {
      const codePoint = source.codePointAt(i) as number;
      const width = codePoint > 0xffff ? 2 : 1;
      const out =
        this.normalize || this.padSupplementaryChinese
          ? this.normalizeChar(source.slice(i, i + width))
          : source.slice(i, i + width);
      parts.push(out);
      for (let k = 0; k < out.length; k++) {
        starts.push(i);
        ends.push(i + width);
      }
      i += width;
    }
    return { text: parts.join(""), sourceStart: Int32Array.from(starts), sourceEnd: Int32Array.from(ends) };
  }
}
