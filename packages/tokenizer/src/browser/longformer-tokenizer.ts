import { readCleanUpSetting } from "../core/decode-cleanup.js";
import { asRecord } from "../core/json.js";
import { readLayoutDefaults } from "../core/layout-defaults.js";
import { LongformerTokenizerCore } from "../core/longformer-tokenizer.js";
import { resolveSpecialTokens } from "../core/special-tokens.js";
import { TokenizerError } from "../errors.js";
import { type BrowserLoadOptions, loadTokenizerFiles, type TokenizerFilesInput } from "./load-files.js";
import { PureJsBackend } from "./pure-js-backend.js";

/** Longformer / HAT tokenizer backed by `@huggingface/tokenizers` (pure JavaScript, runs in browsers). */
export class LongformerTokenizer extends LongformerTokenizerCore {
  /**
   * Loads `tokenizer.json` (+ tokenizer_config.json, special_tokens_map.json, config.json when
   * present) from a URL prefix, or takes them as objects. The layouts are the same code as in Node.
   */
  static async fromPretrained(
    source: string | URL | TokenizerFilesInput,
    options: BrowserLoadOptions = {},
  ): Promise<LongformerTokenizer> {
    const { files, origin } = await loadTokenizerFiles(source, options);
    const tokenizerJson = asRecord(files.tokenizerJson);
    if (!tokenizerJson)
      throw new TokenizerError("INVALID_TOKENIZER_FILE", `${origin}: tokenizer.json is not a JSON object`, {
        path: origin,
      });
    const backend = new PureJsBackend(tokenizerJson, asRecord(files.tokenizerConfig) ?? {}, origin);
    return new LongformerTokenizer(backend, resolveSpecialTokens(files, backend, origin), readLayoutDefaults(files), {
      cleanUpTokenizationSpaces: readCleanUpSetting(files),
    });
  }
}
