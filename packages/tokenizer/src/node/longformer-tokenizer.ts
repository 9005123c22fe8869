import { readCleanUpSetting } from "../core/decode-cleanup.js";
import { BERT_CLASS_DEFAULT_TOKENS } from "../core/defaults.js";
import { readLayoutDefaults } from "../core/layout-defaults.js";
import { LongformerTokenizerCore } from "../core/longformer-tokenizer.js";
import { resolveSpecialTokens } from "../core/special-tokens.js";
import { TokenizerError } from "../errors.js";
import { nativeFromTokenizerJson, nativeFromVocab } from "./build-native.js";
import { NativeBackend } from "./native-backend.js";
import { readCheckpointDirectory } from "./read-files.js";

/** Longformer / HAT tokenizer backed by HF `tokenizers` (Rust, Node binding). */
export class LongformerTokenizer extends LongformerTokenizerCore {
  /**
   * Loads a checkpoint directory: `tokenizer.json` when present, else BERT WordPiece from
   * `vocab.txt` + `tokenizer_config.json`. Special tokens come from the files; block size and
   * length limits from `config.json` (HAT keys) or `tokenizer_config.json`.
   */
  static async fromPretrained(dir: string): Promise<LongformerTokenizer> {
    if (typeof dir !== "string") {
      throw new TokenizerError("FILE_NOT_FOUND", `fromPretrained expects a directory path string, got ${typeof dir}`);
    }
    const { files, tokenizerJsonText, vocabPath } = await readCheckpointDirectory(dir);
    const native =
      tokenizerJsonText !== undefined
        ? nativeFromTokenizerJson(tokenizerJsonText, `${dir}/tokenizer.json`)
        : await nativeFromVocab(vocabPath as string, files);
    const backend = new NativeBackend(native);
    const classDefaults = tokenizerJsonText === undefined ? BERT_CLASS_DEFAULT_TOKENS : {};
    const specialTokens = resolveSpecialTokens(files, backend, dir, classDefaults);
    return new LongformerTokenizer(backend, specialTokens, readLayoutDefaults(files), {
      cleanUpTokenizationSpaces: readCleanUpSetting(files),
    });
  }
}
