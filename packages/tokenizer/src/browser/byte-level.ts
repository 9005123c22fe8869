/** GPT-2 byte-level alphabet: every byte as one printable character (what ByteLevel BPE vocabularies hold). */
function buildByteTable(): { toChar: string[]; toByte: Map<string, number> } {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const toChar = new Array<string>(256);
  const toByte = new Map<string, number>();
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const char = printable(b) ? String.fromCharCode(b) : String.fromCharCode(256 + extra++);
    toChar[b] = char;
    toByte.set(char, b);
  }
  return { toChar, toByte };
}

const TABLE = buildByteTable();

/** The byte-level character of the space byte (`Ġ`). */
export const BYTE_LEVEL_SPACE = TABLE.toChar[0x20] as string;

// ignoreBOM: a U+FEFF at the start of a word is text, not a byte-order mark to swallow
const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const encoder = new TextEncoder();

/** Decodes a byte-level word back to text; `undefined` if it holds a character outside the alphabet. */
export function byteLevelToText(word: string): string | undefined {
  const bytes = new Uint8Array(word.length);
  for (let i = 0; i < word.length; i++) {
    const b = TABLE.toByte.get(word[i] as string);
    if (b === undefined) return undefined;
    bytes[i] = b;
  }
  return decoder.decode(bytes);
}

/**
 * For every UTF-8 byte of `text`, the UTF-16 span of the character it belongs to (a token that
 * covers part of a character's bytes covers the whole character, as in Rust's alignments).
 */
export function byteSpans(text: string): { start: Int32Array; end: Int32Array } {
  const length = encoder.encode(text).length;
  const start = new Int32Array(length);
  const end = new Int32Array(length);
  let byte = 0;
  let unit = 0;
  for (const char of text) {
    const n = encoder.encode(char).length;
    for (let k = 0; k < n; k++) {
      start[byte + k] = unit;
      end[byte + k] = unit + char.length;
    }
    byte += n;
    unit += char.length;
  }
  return { start, end };
}
