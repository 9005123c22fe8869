/**
 * Where `@huggingface/tokenizers` 0.2.0 on its own (its `encode` / `decode`) differs from HF
 * tokenizers (Rust), and proof that the browser entry does not inherit the difference.
 * If a library upgrade fixes one, its test fails here: drop the workaround and the README note.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer as PureJsTokenizer } from "@huggingface/tokenizers";
import { Tokenizer as NativeTokenizer } from "tokenizers";
import { afterAll, describe, expect, it } from "vitest";
import { LongformerTokenizer as BrowserTokenizer } from "../browser.js";
import { LongformerTokenizer as NodeTokenizer } from "../index.js";
import { bertDir } from "../test/fixtures.test-util.js";
import { ROBERTA_TOKENIZER_CONFIG, robertaTokenizerJson, writeRobertaCheckpoint } from "../test/roberta.test-util.js";
import { removeTempDirs } from "../test/temp-dir.test-util.js";

function readJson(dir: string, name: string): unknown {
  return JSON.parse(readFileSync(join(dir, name), "utf8"));
}

async function check(dir: string, library: PureJsTokenizer, text: string): Promise<void> {
  const rust = await NativeTokenizer.fromFile(join(dir, "tokenizer.json")).encode(text, null, {
    addSpecialTokens: false,
  });
  const libraryIds = library.encode(text, { add_special_tokens: false }).ids;
  expect(libraryIds, "the library alone differs from Rust").not.toEqual(rust.getIds());
  const browser = await BrowserTokenizer.fromPretrained({
    tokenizerJson: readJson(dir, "tokenizer.json"),
    tokenizerConfig: readJson(dir, "tokenizer_config.json"),
  });
  expect((await browser.encode(text, { addSpecialTokens: false })).ids, "the browser entry equals Rust").toEqual(
    rust.getIds(),
  );
}

afterAll(removeTempDirs);

describe("@huggingface/tokenizers vs Rust", () => {
  const bert = new PureJsTokenizer(
    readJson(bertDir(), "tokenizer.json") as object,
    readJson(bertDir(), "tokenizer_config.json") as object,
  );

  it("final sigma: the library lowercases whole strings (ΟΔΟΣ -> οδος), Rust per character (οδοσ)", async () => {
    expect(bert.encode("ΟΔΟΣ", { add_special_tokens: false }).tokens).toEqual(["ο", "##δ", "##ος"]);
    await check(bertDir(), bert, "ΟΔΟΣ ΣΟΦΟΣ");
  });

  it("CJK ideographs outside the BMP (U+20000 and up) are not split off by the library's BertNormalizer", async () => {
    expect(bert.encode("a\u{20001}b", { add_special_tokens: false }).tokens).toEqual(["[UNK]"]);
    await check(bertDir(), bert, "a\u{20001}b x\u{2A700}y \u{2F800}");
  });

  it("U+0085 (NEL) is whitespace to Rust but not to JavaScript's \\s: an lstrip token like <mask> absorbs it only in Rust", async () => {
    const roberta = new PureJsTokenizer(robertaTokenizerJson(), ROBERTA_TOKENIZER_CONFIG);
    await check(writeRobertaCheckpoint(), roberta, "the \u0085<mask> sat");
  });

  it("decode: Rust cleans up spaces token by token, the library over the whole string; both entries apply HF's whole-string clean-up", async () => {
    const native = NativeTokenizer.fromFile(join(bertDir(), "tokenizer.json"));
    const ids = (await native.encode("o'clock", null, { addSpecialTokens: false })).getIds(); // o ' clock
    const rust = await native.decode(ids, true);
    expect(rust).toBe("o ' clock");
    expect(bert.decode(ids)).toBe("o'clock");
    const node = await NodeTokenizer.fromPretrained(bertDir());
    expect(await node.decode(ids)).toBe("o'clock");
  });

  it("the library returns no offsets at all (the browser entry computes them)", () => {
    expect(Object.keys(bert.encode("hello"))).not.toContain("offsets");
  });
});
