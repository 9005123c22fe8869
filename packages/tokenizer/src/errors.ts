/** Machine-readable reasons the tokenizer rejects a file, an input or an option. */
export type TokenizerErrorCode =
  /** A tokenizer file or directory does not exist (the message names the path). */
  | "FILE_NOT_FOUND"
  /** A file exists but cannot be read or is not valid JSON (the message names the path). */
  | "FILE_UNREADABLE"
  /** tokenizer.json / vocab.txt was read but the tokenizer library rejected it. */
  | "INVALID_TOKENIZER_FILE"
  /** The browser tokenizer does not know how to align offsets for this tokenizer.json. */
  | "UNSUPPORTED_TOKENIZER"
  /** A required special token (CLS, SEP, PAD) is not named by the files or not in the vocabulary. */
  | "SPECIAL_TOKEN_MISSING"
  /** config.json names a different id for a special token than the tokenizer files. */
  | "SPECIAL_TOKEN_MISMATCH"
  /** `backend: "native"` was asked for but the optional `tokenizers` binding does not load (Node entry). */
  | "NATIVE_UNAVAILABLE"
  /** A URL could not be fetched (browser entry). */
  | "FETCH_FAILED"
  /** The text (or a sentence, question, option) is not a string. */
  | "INVALID_TEXT"
  /** The document has no word pieces at all (empty or whitespace-only text). */
  | "EMPTY_DOCUMENT"
  /** An option has a wrong type or value (non-integer block size, unknown grouping, ...). */
  | "INVALID_OPTION"
  /** The options leave no room for the content (e.g. maxLength shorter than one block leader + one piece). */
  | "OPTIONS_CANNOT_FIT"
  /** Token ids that are not integers inside the vocabulary. */
  | "INVALID_IDS"
  /** A token string that is not in the vocabulary and the tokenizer has no unknown token. */
  | "UNKNOWN_TOKEN";

/** Every error this package throws on bad input; `code` says which check failed, the message names the value. */
export class TokenizerError extends Error {
  readonly code: TokenizerErrorCode;
  /** The file or URL involved, for file and fetch errors. */
  readonly path: string | undefined;
  constructor(code: TokenizerErrorCode, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TokenizerError";
    this.code = code;
    this.path = options.path;
  }
}
