/**
 * The files of a checkpoint as parsed JSON, whatever they were read from (a directory in Node,
 * URLs or objects in the browser). Missing files are `undefined`.
 */
export interface TokenizerFiles {
  /** `tokenizer.json` (absent for a checkpoint that ships only `vocab.txt`). */
  tokenizerJson?: unknown;
  /** `tokenizer_config.json`: special-token names, `do_lower_case`, `model_max_length`. */
  tokenizerConfig?: unknown;
  /** `special_tokens_map.json`: special-token names (older checkpoints). */
  specialTokensMap?: unknown;
  /** The model's `config.json`: HAT keys `max_sentence_length`, `max_sentences`, `model_max_length`, special ids. */
  config?: unknown;
}

/** File names inside a checkpoint directory or URL prefix. */
export const FILE_NAMES = {
  tokenizerJson: "tokenizer.json",
  tokenizerConfig: "tokenizer_config.json",
  specialTokensMap: "special_tokens_map.json",
  config: "config.json",
  vocab: "vocab.txt",
} as const;
