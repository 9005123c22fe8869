/** The tokenizer files of an HF checkpoint directory, whichever the model has (WordPiece or BPE). */
export const TOKENIZER_FILES = [
  "tokenizer.json",
  "tokenizer_config.json",
  "special_tokens_map.json",
  "vocab.txt",
  "vocab.json",
  "merges.txt",
  "added_tokens.json",
] as const;
