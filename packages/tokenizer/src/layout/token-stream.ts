import type { CharSpan } from "../core/types.js";

/** The word pieces of a whole document, in text order, with the sentence each belongs to. */
export interface TokenStream {
  ids: number[];
  offsets: CharSpan[];
  /** Sentence index of every piece (non-decreasing), into `sentences`. */
  sentenceOf: ArrayLike<number>;
  sentences: CharSpan[];
  /** The text the offsets refer to. */
  text: string;
}
