import type { TokenizerFiles } from "./files.js";
import { asRecord } from "./json.js";

/**
 * HF transformers' `clean_up_tokenization` (applied by `tokenizer.decode` when the checkpoint's
 * `clean_up_tokenization_spaces` is on). The Rust decoder only cleans token by token, so a text
 * like "o ' clock" would stay apart in Node and be joined in the browser; applying the same
 * whole-string clean-up after either backend keeps both equal to Python's `decode`.
 */
export function cleanUpTokenization(text: string): string {
  return text
    .replaceAll(" .", ".")
    .replaceAll(" ?", "?")
    .replaceAll(" !", "!")
    .replaceAll(" ,", ",")
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

/** tokenizer_config.json's `clean_up_tokenization_spaces` (HF's historical default: on). */
export function readCleanUpSetting(files: TokenizerFiles): boolean {
  return asRecord(files.tokenizerConfig)?.clean_up_tokenization_spaces !== false;
}
