import { readFile } from "node:fs/promises";
import {
  bertNormalizer,
  bertPreTokenizer,
  Tokenizer as NativeTokenizer,
  WordPiece,
  wordPieceDecoder,
} from "tokenizers";
import { BERT_CLASS_DEFAULT_TOKENS } from "../core/defaults.js";
import type { TokenizerFiles } from "../core/files.js";
import { asRecord, tokenContent } from "../core/json.js";
import { TokenizerError } from "../errors.js";

/** Parses tokenizer.json with the Rust tokenizer. */
export function nativeFromTokenizerJson(text: string, path: string): NativeTokenizer {
  try {
    return NativeTokenizer.fromString(text);
  } catch (cause) {
    throw new TokenizerError("INVALID_TOKENIZER_FILE", `HF tokenizers rejected ${path}: ${(cause as Error).message}`, {
      path,
      cause,
    });
  }
}

/**
 * Builds BERT's WordPiece tokenizer from vocab.txt the way HF's BertTokenizerFast conversion does:
 * BertNormalizer (lowercase / accents / Chinese characters per tokenizer_config.json), BERT
 * pre-tokenizer, WordPiece with `##` continuation, and the special tokens registered as added
 * tokens so `[MASK]` in a text stays one token.
 */
export async function nativeFromVocab(vocabPath: string, files: TokenizerFiles): Promise<NativeTokenizer> {
  const config = asRecord(files.tokenizerConfig) ?? {};
  const map = asRecord(files.specialTokensMap) ?? {};
  const name = (role: keyof typeof BERT_CLASS_DEFAULT_TOKENS): string =>
    tokenContent(config[`${role}_token`]) ?? tokenContent(map[`${role}_token`]) ?? BERT_CLASS_DEFAULT_TOKENS[role];
  const lowercase = typeof config.do_lower_case === "boolean" ? config.do_lower_case : true;
  // HF: strip_accents null means "follow lowercase"
  const stripAccents = typeof config.strip_accents === "boolean" ? config.strip_accents : lowercase;
  const handleChineseChars = typeof config.tokenize_chinese_chars === "boolean" ? config.tokenize_chinese_chars : true;

  let vocabText: string;
  try {
    vocabText = await readFile(vocabPath, "utf8");
  } catch (cause) {
    throw new TokenizerError("FILE_UNREADABLE", `cannot read ${vocabPath}: ${(cause as Error).message}`, {
      path: vocabPath,
      cause,
    });
  }
  // vocab.txt: one token per line, the line number is the id (a trailing newline adds no token)
  const lines = vocabText.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0)
    throw new TokenizerError("INVALID_TOKENIZER_FILE", `${vocabPath} is empty`, { path: vocabPath });
  const ids = new Map<string, number>();
  lines.forEach((token, id) => {
    if (!ids.has(token)) ids.set(token, id);
  });
  const vocab = Object.fromEntries(ids);

  const tokenizer = new NativeTokenizer(
    WordPiece.init(vocab, { unkToken: name("unk"), continuingSubwordPrefix: "##" }),
  );
  tokenizer.setNormalizer(bertNormalizer({ cleanText: true, handleChineseChars, stripAccents, lowercase }));
  tokenizer.setPreTokenizer(bertPreTokenizer());
  tokenizer.setDecoder(wordPieceDecoder("##", true));
  const specials = (["pad", "unk", "cls", "sep", "mask"] as const).map(name).filter((t) => ids.has(t));
  tokenizer.addSpecialTokens(specials);
  return tokenizer;
}
