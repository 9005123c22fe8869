import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LongformerTokenizer, TokenizerError } from "../index.js";
import { bertDir, goldenTexts, modelDir } from "../test/fixtures.test-util.js";
import { tempDir as makeTempDir, removeTempDirs } from "../test/temp-dir.test-util.js";

const tempDir = () => makeTempDir("tok");

/** A checkpoint directory with only vocab.txt (+ the given JSON files). */
function vocabOnlyDir(json: Record<string, unknown> = {}): string {
  const dir = tempDir();
  copyFileSync(join(bertDir(), "vocab.txt"), join(dir, "vocab.txt"));
  for (const [name, value] of Object.entries(json)) writeFileSync(join(dir, name), JSON.stringify(value));
  return dir;
}

async function rejection(promise: Promise<unknown>): Promise<TokenizerError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(TokenizerError);
    return e as TokenizerError;
  }
  throw new Error("expected a TokenizerError, nothing was thrown");
}

const BERT_SPECIALS = {
  cls: { token: "[CLS]", id: 101 },
  sep: { token: "[SEP]", id: 102 },
  pad: { token: "[PAD]", id: 0 },
  mask: { token: "[MASK]", id: 103 },
  unk: { token: "[UNK]", id: 100 },
};

/** Sentences that exercise the normalizer: accents, case, CJK, punctuation, digits, emoji, long words. */
const TRICKY = [
  "Héllo WÖRLD, naïve café — ÅNGSTRÖM «quotes» and 'apostrophes'!",
  "日本語のテキスト and 中文 mixed with English.",
  "Numbers 3.14159, 2,000,000 and 1e-10; emoji 😀👍🏽 and math 𝒳𝒴.",
  `A ${"very".repeat(30)}longword and tabs\tnew\nlines\r\n  spaces.`,
  "[MASK] stays special, [mask] does not; [CLS] too.",
];

afterAll(removeTempDirs);

describe("LongformerTokenizer.fromPretrained", () => {
  it("loads tokenizer.json with special tokens from tokenizer_config.json", async () => {
    const tok = await LongformerTokenizer.fromPretrained(bertDir());
    expect(tok.specialTokens).toEqual(BERT_SPECIALS);
    expect(tok.vocabSize).toBe(30522);
    expect(tok.backendName).toBe("native");
    // no config.json: block size defaults to 128, the limit comes from tokenizer_config.json
    expect(tok.layoutDefaults).toEqual({ maxSentenceLength: 128, maxSentences: undefined, modelMaxLength: 512 });
  });

  it("reads the HAT layout keys from config.json", async () => {
    expect((await LongformerTokenizer.fromPretrained(modelDir("tiny-mlm"))).layoutDefaults).toEqual({
      maxSentenceLength: 16,
      maxSentences: 8,
      modelMaxLength: 128,
    });
    expect((await LongformerTokenizer.fromPretrained(modelDir("mini-mlm"))).layoutDefaults).toEqual({
      maxSentenceLength: 128,
      maxSentences: 8,
      modelMaxLength: 1024,
    });
  });

  it("builds WordPiece from vocab.txt + tokenizer_config.json with the same ids and offsets as tokenizer.json", async () => {
    const config = {
      do_lower_case: true,
      cls_token: "[CLS]",
      sep_token: "[SEP]",
      pad_token: "[PAD]",
      mask_token: "[MASK]",
      unk_token: "[UNK]",
    };
    const fromVocab = await LongformerTokenizer.fromPretrained(vocabOnlyDir({ "tokenizer_config.json": config }));
    const fromJson = await LongformerTokenizer.fromPretrained(bertDir());
    expect(fromVocab.specialTokens).toEqual(BERT_SPECIALS);
    const texts = goldenTexts().texts;
    const corpus = [...TRICKY, ...Object.values(texts).flat()];
    for (const text of corpus) {
      const a = await fromVocab.encode(text);
      const b = await fromJson.encode(text);
      expect(a.ids, text).toEqual(b.ids);
      expect(a.offsets, text).toEqual(b.offsets);
    }
    expect(await fromVocab.decode((await fromVocab.encode("Hello, World!")).ids)).toBe("hello, world!");
  });

  it("honours do_lower_case: false from tokenizer_config.json", async () => {
    const cased = await LongformerTokenizer.fromPretrained(
      vocabOnlyDir({ "tokenizer_config.json": { do_lower_case: false } }),
    );
    const uncased = await LongformerTokenizer.fromPretrained(
      vocabOnlyDir({ "tokenizer_config.json": { do_lower_case: true } }),
    );
    expect((await uncased.encode("HELLO", { addSpecialTokens: false })).ids).toEqual([7592]);
    expect((await cased.encode("HELLO", { addSpecialTokens: false })).ids).not.toEqual([7592]);
  });

  it("falls back to BertTokenizer's token names for a bare vocab.txt", async () => {
    const tok = await LongformerTokenizer.fromPretrained(vocabOnlyDir());
    expect(tok.specialTokens).toEqual(BERT_SPECIALS);
  });

  it("names the path of a missing directory", async () => {
    const e = await rejection(LongformerTokenizer.fromPretrained("/nonexistent/checkpoint"));
    expect(e.code).toBe("FILE_NOT_FOUND");
    expect(e.message).toContain("/nonexistent/checkpoint");
    expect(e.path).toBe("/nonexistent/checkpoint");
  });

  it("rejects a file path and a directory without tokenizer files", async () => {
    const file = join(tempDir(), "x.txt");
    writeFileSync(file, "x");
    expect((await rejection(LongformerTokenizer.fromPretrained(file))).code).toBe("FILE_NOT_FOUND");
    const empty = tempDir();
    const e = await rejection(LongformerTokenizer.fromPretrained(empty));
    expect(e.code).toBe("FILE_NOT_FOUND");
    expect(e.message).toContain(join(empty, "tokenizer.json"));
    expect(e.message).toContain(join(empty, "vocab.txt"));
  });

  it("reports invalid JSON with the file's path", async () => {
    const dir = vocabOnlyDir();
    writeFileSync(join(dir, "tokenizer_config.json"), "{ not json");
    const e = await rejection(LongformerTokenizer.fromPretrained(dir));
    expect(e.code).toBe("FILE_UNREADABLE");
    expect(e.message).toContain(join(dir, "tokenizer_config.json"));
  });

  it("reports an unreadable file with its path", async () => {
    const dir = vocabOnlyDir();
    mkdirSync(join(dir, "config.json")); // a directory where a file should be
    const e = await rejection(LongformerTokenizer.fromPretrained(dir));
    expect(e.code).toBe("FILE_UNREADABLE");
    expect(e.path).toBe(join(dir, "config.json"));
  });

  it("reports a tokenizer.json the tokenizer library rejects", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "tokenizer.json"), JSON.stringify({ model: { type: "Nope" } }));
    const e = await rejection(LongformerTokenizer.fromPretrained(dir));
    expect(e.code).toBe("INVALID_TOKENIZER_FILE");
    expect(e.message).toContain(join(dir, "tokenizer.json"));
  });

  it("rejects special tokens that are not in the vocabulary", async () => {
    const dir = vocabOnlyDir({ "tokenizer_config.json": { cls_token: "[NOT-THERE]" } });
    const e = await rejection(LongformerTokenizer.fromPretrained(dir));
    expect(e.code).toBe("SPECIAL_TOKEN_MISSING");
    expect(e.message).toContain("[NOT-THERE]");
    expect(e.message).toContain("tokenizer_config.json");
  });

  it("rejects a config.json whose special ids disagree with the tokenizer", async () => {
    const dir = vocabOnlyDir({ "config.json": { pad_token_id: 1, sep_token_id: 102 } });
    const e = await rejection(LongformerTokenizer.fromPretrained(dir));
    expect(e.code).toBe("SPECIAL_TOKEN_MISMATCH");
    expect(e.message).toContain("pad_token_id");
  });
});
