export type { RawEncoding, TokenizerBackend } from "./core/backend.js";
export type { TokenizerFiles } from "./core/files.js";
export { LongformerTokenizerCore } from "./core/longformer-tokenizer.js";
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
} from "./core/types.js";
export { TokenizerError, type TokenizerErrorCode } from "./errors.js";
export { LongformerTokenizer } from "./node/longformer-tokenizer.js";
