import { readFile } from "node:fs/promises";
import { BERT_CLASS_DEFAULT_TOKENS } from "../core/defaults.js";
import type { TokenizerFiles } from "../core/files.js";
import { asRecord, type JsonRecord, tokenContent } from "../core/json.js";
import { TokenizerError } from "../errors.js";

/** vocab.txt: one token per line, the line number is the id (a trailing newline adds no token). */
async function readVocab(vocabPath: string): Promise<Map<string, number>> {
  let vocabText: string;
  try {
    vocabText = await readFile(vocabPath, "utf8");
  } catch (cause) {
    throw new TokenizerError("FILE_UNREADABLE", `cannot read ${vocabPath}: ${(cause as Error).message}`, {
      path: vocabPath,
      cause,
    });
  }
  const lines = vocabText.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0)
    throw new TokenizerError("INVALID_TOKENIZER_FILE", `${vocabPath} is empty`, { path: vocabPath });
  const ids = new Map<string, number>();
  lines.forEach((token, id) => {
    if (!ids.has(token)) ids.set(token, id);
  });
  return ids;
}

/**
 * The tokenizer.json HF's BertTokenizerFast conversion writes for a bare vocab.txt: BertNormalizer
 * (lowercase / accents / Chinese characters per tokenizer_config.json), BERT pre-tokenizer, WordPiece
 * with `##` continuation, and the special tokens as added tokens so `[MASK]` in a text stays one token.
 * Both backends load it, so a vocab.txt checkpoint tokenizes the same with or without the native binding.
 */
export async function bertTokenizerJson(vocabPath: string, files: TokenizerFiles): Promise<JsonRecord> {
  const config = asRecord(files.tokenizerConfig) ?? {};
  const map = asRecord(files.specialTokensMap) ?? {};
  const name = (role: keyof typeof BERT_CLASS_DEFAULT_TOKENS): string =>
    tokenContent(config[`${role}_token`]) ?? tokenContent(map[`${role}_token`]) ?? BERT_CLASS_DEFAULT_TOKENS[role];
  const lowercase = typeof config.do_lower_case === "boolean" ? config.do_lower_case : true;
  // HF: strip_accents null means "follow lowercase"
  const stripAccents = typeof config.strip_accents === "boolean" ? config.strip_accents : lowercase;
  const handleChineseChars = typeof config.tokenize_chinese_chars === "boolean" ? config.tokenize_chinese_chars : true;
  const ids = await readVocab(vocabPath);
  const specials = [...new Set((["pad", "unk", "cls", "sep", "mask"] as const).map(name))].filter((t) => ids.has(t));
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: specials.map((content) => ({
      id: ids.get(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: handleChineseChars,
      strip_accents: stripAccents,
      lowercase,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: null,
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: name("unk"),
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  };
}
