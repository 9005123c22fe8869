import type { CharSpan } from "./types.js";

/** Word pieces of one text, without special tokens. Offsets are UTF-16 spans of that text. */
export interface RawEncoding {
  ids: number[];
  tokens: string[];
  offsets: CharSpan[];
}

/**
 * The only part that differs between the Node entry (HF `tokenizers`, Rust) and the browser entry
 * (`@huggingface/tokenizers`, pure JS). Everything else (special tokens, document and
 * multiple-choice layouts) is shared code working on this interface.
 */
export interface TokenizerBackend {
  /** Short name for diagnostics: `"native"` or `"pure-js"`. */
  readonly name: string;
  /** Tokenizes one text into word pieces (no special tokens added, no truncation, no padding). */
  encode(text: string): Promise<RawEncoding>;
  encodeBatch(texts: string[]): Promise<RawEncoding[]>;
  /** The tokenizer's own decoder, without transformers' whole-string space clean-up (the shared code applies it). */
  decode(ids: number[], skipSpecialTokens: boolean): Promise<string>;
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /** Vocabulary size including added tokens. */
  readonly vocabSize: number;
}
