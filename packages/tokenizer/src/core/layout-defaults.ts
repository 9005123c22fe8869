import { DEFAULT_MAX_SENTENCE_LENGTH, UNLIMITED_MODEL_MAX_LENGTH } from "./defaults.js";
import type { TokenizerFiles } from "./files.js";
import { asCount, asRecord } from "./json.js";
import type { LayoutDefaults } from "./types.js";

function positive(value: unknown): number | undefined {
  const n = asCount(value);
  return n !== undefined && n > 0 && n < UNLIMITED_MODEL_MAX_LENGTH ? n : undefined;
}

/** Block size, block count and length limit of a checkpoint: config.json first (HAT keys), then tokenizer_config.json. */
export function readLayoutDefaults(files: TokenizerFiles): LayoutDefaults {
  const config = asRecord(files.config) ?? {};
  const tokenizerConfig = asRecord(files.tokenizerConfig) ?? {};
  return {
    maxSentenceLength: positive(config.max_sentence_length) ?? DEFAULT_MAX_SENTENCE_LENGTH,
    maxSentences: positive(config.max_sentences),
    modelMaxLength: positive(config.model_max_length) ?? positive(tokenizerConfig.model_max_length),
  };
}
