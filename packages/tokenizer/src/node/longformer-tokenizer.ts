import { PureJsBackend } from "../browser/pure-js-backend.js";
import type { TokenizerBackend } from "../core/backend.js";
import { readCleanUpSetting } from "../core/decode-cleanup.js";
import { BERT_CLASS_DEFAULT_TOKENS } from "../core/defaults.js";
import type { TokenizerFiles } from "../core/files.js";
import { asRecord, type JsonRecord } from "../core/json.js";
import { readLayoutDefaults } from "../core/layout-defaults.js";
import { LongformerTokenizerCore } from "../core/longformer-tokenizer.js";
import { resolveSpecialTokens } from "../core/special-tokens.js";
import { TokenizerError } from "../errors.js";
import { bertTokenizerJson } from "./bert-tokenizer-json.js";
import { nativeFromTokenizerJson } from "./build-native.js";
import { NativeBackend } from "./native-backend.js";
import { loadNativeBinding, warnFallbackOnce } from "./native-binding.js";
import { readCheckpointDirectory } from "./read-files.js";

/** Which raw tokenizer the Node entry runs on. */
export type NodeBackendChoice = "auto" | "native" | "pure-js";

export interface NodeLoadOptions {
  /**
   * `"auto"` (default): HF `tokenizers` (Rust) when it loads, else the pure-JS backend with a one-line
   * warning (once per process). `"native"`: the Rust binding or a `NATIVE_UNAVAILABLE` error.
   * `"pure-js"`: `@huggingface/tokenizers` without trying the binding (no warning).
   */
  backend?: NodeBackendChoice;
}

const BACKEND_CHOICES: readonly NodeBackendChoice[] = ["auto", "native", "pure-js"];

function backendChoice(options: unknown): NodeBackendChoice {
  const value = asRecord(options)?.backend ?? "auto";
  if (!BACKEND_CHOICES.includes(value as NodeBackendChoice)) {
    throw new TokenizerError(
      "INVALID_OPTION",
      `backend must be one of ${BACKEND_CHOICES.map((c) => `"${c}"`).join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value as NodeBackendChoice;
}

/** The checkpoint's tokenizer.json, or the one HF would convert its vocab.txt into. */
interface TokenizerSource {
  json: JsonRecord;
  text: string;
  path: string;
}

async function tokenizerSource(
  dir: string,
  files: TokenizerFiles,
  text: string | undefined,
  vocabPath: string | undefined,
): Promise<TokenizerSource> {
  if (text !== undefined) {
    const path = `${dir}/tokenizer.json`;
    const json = asRecord(files.tokenizerJson);
    if (!json) throw new TokenizerError("INVALID_TOKENIZER_FILE", `${path} is not a JSON object`, { path });
    return { json, text, path };
  }
  const json = await bertTokenizerJson(vocabPath as string, files);
  return { json, text: JSON.stringify(json), path: vocabPath as string };
}

async function backendFor(
  source: TokenizerSource,
  tokenizerConfig: JsonRecord,
  choice: NodeBackendChoice,
): Promise<TokenizerBackend> {
  if (choice !== "pure-js") {
    const loaded = await loadNativeBinding();
    if (loaded.binding) return new NativeBackend(nativeFromTokenizerJson(loaded.binding, source.text, source.path));
    if (choice === "native") {
      throw new TokenizerError(
        "NATIVE_UNAVAILABLE",
        `the native "tokenizers" binding is unavailable (${loaded.reason}); install "tokenizers", or load with { backend: "auto" } or { backend: "pure-js" }`,
      );
    }
    warnFallbackOnce(loaded.reason);
  }
  return new PureJsBackend(source.json, tokenizerConfig, source.path);
}

/**
 * Longformer / HAT tokenizer for Node: HF `tokenizers` (Rust, Node binding) when that optional peer
 * loads, else the same pure-JS backend as the browser entry.
 */
export class LongformerTokenizer extends LongformerTokenizerCore {
  /**
   * Loads a checkpoint directory: `tokenizer.json` when present, else BERT WordPiece from
   * `vocab.txt` + `tokenizer_config.json`. Special tokens come from the files; block size and
   * length limits from `config.json` (HAT keys) or `tokenizer_config.json`.
   */
  static async fromPretrained(dir: string, options: NodeLoadOptions = {}): Promise<LongformerTokenizer> {
    if (typeof dir !== "string") {
      throw new TokenizerError("FILE_NOT_FOUND", `fromPretrained expects a directory path string, got ${typeof dir}`);
    }
    const choice = backendChoice(options);
    const { files, tokenizerJsonText, vocabPath } = await readCheckpointDirectory(dir);
    const source = await tokenizerSource(dir, files, tokenizerJsonText, vocabPath);
    const backend = await backendFor(source, asRecord(files.tokenizerConfig) ?? {}, choice);
    const classDefaults = tokenizerJsonText === undefined ? BERT_CLASS_DEFAULT_TOKENS : {};
    const specialTokens = resolveSpecialTokens(files, backend, dir, classDefaults);
    return new LongformerTokenizer(backend, specialTokens, readLayoutDefaults(files), {
      cleanUpTokenizationSpaces: readCleanUpSetting(files),
    });
  }
}
