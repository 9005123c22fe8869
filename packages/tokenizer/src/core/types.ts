/** A half-open character range `[start, end)` in UTF-16 code units of the input string (`text.slice(start, end)`). */
export type CharSpan = [start: number, end: number];

/** The output of {@link LongformerTokenizerCore.encode}: one row, no padding unless asked. */
export interface Encoding {
  ids: number[];
  tokens: string[];
  /** Character span of every token in the input; `[0, 0]` for added special tokens and padding (HF convention). */
  offsets: CharSpan[];
  attentionMask: number[];
  tokenTypeIds: number[];
  /** 1 where the tokenizer added a special token (CLS/SEP/padding), 0 for tokens from the text. */
  specialTokensMask: number[];
}

export interface EncodeOptions {
  /** Wrap the text as `CLS text SEP` (BERT `[CLS] … [SEP]`, RoBERTa `<s> … </s>`). Default true. */
  addSpecialTokens?: boolean;
}

export interface EncodeBatchOptions extends EncodeOptions {
  /** Pad every row with the pad id to the longest row (attention 0, offsets `[0, 0]`). Default false. */
  padding?: boolean;
}

export interface DecodeOptions {
  /** Drop special tokens (CLS, SEP, PAD, MASK, ...) from the text. Default true. */
  skipSpecialTokens?: boolean;
}

/** The special tokens of a checkpoint, read from its files. */
export interface SpecialToken {
  token: string;
  id: number;
}

export interface SpecialTokens {
  /** Leads the first block of a document (`[CLS]` / `<s>`). */
  cls: SpecialToken;
  /** Leads every other block and the question/option blocks (`[SEP]` / `</s>`). */
  sep: SpecialToken;
  pad: SpecialToken;
  mask: SpecialToken | undefined;
  unk: SpecialToken | undefined;
}

/** Values read from config.json / tokenizer_config.json that drive the document layout defaults. */
export interface LayoutDefaults {
  /** Block size (config `max_sentence_length`, else 128). */
  maxSentenceLength: number;
  /** Maximum number of blocks (config `max_sentences`), when the checkpoint states one. */
  maxSentences: number | undefined;
  /** Maximum sequence length (config `model_max_length`, else tokenizer_config `model_max_length`). */
  modelMaxLength: number | undefined;
}

/** How the word pieces of a document are cut into blocks. */
export type Grouping = "uniform" | "sentences";

/** How a document is padded after truncation. */
export type Padding = "blocks" | "maxLength" | "none";

export interface DocumentOptions {
  /** `"uniform"` cuts every `maxSentenceLength - 1` pieces (HAT `uniform_chunking`); `"sentences"` packs whole sentences. Default `"uniform"`. */
  grouping?: Grouping;
  /** Block size including its leading special token. Default: the checkpoint's `max_sentence_length`, else 128. */
  maxSentenceLength?: number;
  /** Keep at most this many blocks. Default: the checkpoint's `max_sentences` (none when it has none). */
  maxSentences?: number;
  /**
   * Keep at most this many tokens (leaders included). Default: the checkpoint's `model_max_length`
   * (none when it has none). Pass `Infinity` to switch the default off.
   */
  maxLength?: number;
  /**
   * `"blocks"` (default): pad the last block to a whole block (never beyond `maxLength`);
   * `"maxLength"`: pad to the length limit (`maxLength`, or `maxSentences * maxSentenceLength`);
   * `"none"`: no padding.
   */
  padding?: Padding;
  /** Locale for `Intl.Segmenter` when `grouping` is `"sentences"`. Default `"en"`. */
  locale?: string;
}

/** One block that holds text (all-padding blocks are not listed). */
export interface DocumentBlock {
  /** Block number: the block occupies positions `[index * blockSize, (index + 1) * blockSize)`. */
  index: number;
  /** Position of the block's leading special token. */
  tokenStart: number;
  /** One past the block's last word piece (padding excluded). */
  tokenEnd: number;
  /** Source characters covered by the block's word pieces (`text.slice(charStart, charEnd)`). */
  charStart: number;
  charEnd: number;
  /** Indices into `sentences` of every sentence with at least one word piece in this block. */
  sentenceIndices: number[];
}

/** Where truncation cut the document; `truncated` false means nothing was dropped. */
export interface TruncationReport {
  truncated: boolean;
  /** Word pieces the text produced. */
  totalPieces: number;
  /** Word pieces kept in the layout. */
  keptPieces: number;
  droppedPieces: number;
  /** The token limit that was applied (`null` when there was none). */
  limit: number | null;
  /** Characters of the text before this offset are in the layout; `text.length` when nothing was dropped. */
  keptCharEnd: number;
}

/** A document in the HAT block layout (one row). */
export interface DocumentEncoding {
  inputIds: number[];
  attentionMask: number[];
  tokenTypeIds: number[];
  /** 1 on every block leader (CLS/SEP), 0 elsewhere: what the HAT heads derive from the ids. */
  globalAttentionMask: number[];
  /** Character span of the word piece at every position; `[0, 0]` for leaders and padding. */
  offsets: CharSpan[];
  /** Block size used. */
  blockSize: number;
  /**
   * One past the last real token: positions from here on are padding. (Sentence grouping can also
   * leave padding inside earlier blocks, since every block starts at a multiple of `blockSize`.)
   */
  contentLength: number;
  blocks: DocumentBlock[];
  /**
   * Sentence spans in `text`: the `Intl.Segmenter` sentences that produced word pieces, or exactly
   * the given sentences (index i is `sentences[i]`) when the document was passed as an array.
   */
  sentences: CharSpan[];
  truncation: TruncationReport;
  /** The text the offsets refer to (given sentences are joined with a single space). */
  text: string;
}

/** Several documents padded to the longest (rows of equal length). */
export interface DocumentBatchEncoding {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
  globalAttentionMask: number[][];
  offsets: CharSpan[][];
  /** Each document's own encoding, already padded to the batch length. */
  documents: DocumentEncoding[];
}

export interface MultipleChoiceExample {
  article: string;
  question: string;
  options: string[];
}

export interface MultipleChoiceOptions {
  /** Sequence length per choice. Default: the checkpoint's `model_max_length`. Must be a multiple of the block size. */
  maxLength?: number;
  /** Block size. Default: the checkpoint's `max_sentence_length`, else 128. */
  maxSentenceLength?: number;
  /** How the article is cut into blocks. Default `"uniform"`. */
  grouping?: Grouping;
  locale?: string;
}

/** HAT's QuALITY layout for one example: rows are choices, each `maxLength` long. */
export interface MultipleChoiceEncoding {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
  globalAttentionMask: number[][];
  offsets: CharSpan[][];
  /** Article length in tokens (= `maxLength - 2 * blockSize`); the question block starts here. */
  questionStart: number;
  /** Start of the option block (= `maxLength - blockSize`). */
  optionStart: number;
  blockSize: number;
  /** The article part (identical in every row), offsets into `article`. */
  article: DocumentEncoding;
  /** Truncation of the question and of each option to one block. Offsets in the question/option block rows refer to those strings. */
  questionTruncation: TruncationReport;
  optionTruncations: TruncationReport[];
}

/** Several multiple-choice examples with the same number of choices: `(batch, choices, maxLength)`. */
export interface MultipleChoiceBatchEncoding {
  inputIds: number[][][];
  attentionMask: number[][][];
  tokenTypeIds: number[][][];
  globalAttentionMask: number[][][];
  examples: MultipleChoiceEncoding[];
}
