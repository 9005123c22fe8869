/** Every default of the package in one place. */

/** HAT's block size when neither the options nor config.json (`max_sentence_length`) give one. */
export const DEFAULT_MAX_SENTENCE_LENGTH = 128;

/** Locale handed to `Intl.Segmenter` for sentence grouping when the caller gives none. */
export const DEFAULT_SENTENCE_LOCALE = "en";

/** Sentences given as an array are joined with this separator to form the text that offsets refer to. */
export const SENTENCE_JOINER = " ";

/**
 * HF writes `model_max_length: 1e30` ("VERY_LARGE_INTEGER") when a tokenizer has no limit;
 * anything above this is treated as "no limit".
 */
export const UNLIMITED_MODEL_MAX_LENGTH = 1e9;

/**
 * Special-token names of HF's `BertTokenizer` class, used only when a checkpoint ships a bare
 * `vocab.txt` without tokenizer_config.json / special_tokens_map.json (exactly what HF does then).
 * The ids always come from the vocabulary.
 */
export const BERT_CLASS_DEFAULT_TOKENS = {
  cls: "[CLS]",
  sep: "[SEP]",
  pad: "[PAD]",
  mask: "[MASK]",
  unk: "[UNK]",
} as const;
