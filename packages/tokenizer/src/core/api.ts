// The API both entries share: `index.ts` adds the Rust-backed LongformerTokenizer (Node), `browser.ts` the
// pure-JS one and its file loading.

export { TokenizerError, type TokenizerErrorCode } from "../errors.js";
export type { RawEncoding, TokenizerBackend } from "./backend.js";
export type { TokenizerFiles } from "./files.js";
export { LongformerTokenizerCore } from "./longformer-tokenizer.js";
export type {
  CharSpan,
  DecodeOptions,
  DocumentBatchEncoding,
  DocumentBlock,
  DocumentEncoding,
  DocumentOptions,
  EncodeBatchOptions,
  EncodeOptions,
  Encoding,
  Grouping,
  LayoutDefaults,
  MultipleChoiceBatchEncoding,
  MultipleChoiceEncoding,
  MultipleChoiceExample,
  MultipleChoiceOptions,
  Padding,
  SpecialToken,
  SpecialTokens,
  TruncationReport,
} from "./types.js";
