import { beforeAll, describe, expect, it } from "vitest";
import { LongformerTokenizer, TokenizerError } from "../index.js";
import { bertDir, goldenTexts } from "../test/fixtures.test-util.js";

let tok: LongformerTokenizer;
beforeAll(async () => {
  tok = await LongformerTokenizer.fromPretrained(bertDir());
});

function thrown(fn: () => unknown): TokenizerError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TokenizerError);
    return e as TokenizerError;
  }
  throw new Error("expected a TokenizerError");
}

async function rejected(promise: Promise<unknown>): Promise<TokenizerError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(TokenizerError);
    return e as TokenizerError;
  }
  throw new Error("expected a TokenizerError");
}

describe("encode", () => {
  it("ids of known sentences", async () => {
    expect((await tok.encode("Hello world!")).ids).toEqual([101, 7592, 2088, 999, 102]);
    const texts = goldenTexts();
    expect((await tok.encode(texts.texts.question as string, { addSpecialTokens: false })).ids).toEqual(
      texts.token_ids.question,
    );
  });

  it("wraps in CLS/SEP with [0, 0] offsets and the special-tokens mask", async () => {
    const enc = await tok.encode("a b");
    expect(enc.tokens).toEqual(["[CLS]", "a", "b", "[SEP]"]);
    expect(enc.offsets).toEqual([
      [0, 0],
      [0, 1],
      [2, 3],
      [0, 0],
    ]);
    expect(enc.specialTokensMask).toEqual([1, 0, 0, 1]);
    expect(enc.attentionMask).toEqual([1, 1, 1, 1]);
    expect(enc.tokenTypeIds).toEqual([0, 0, 0, 0]);
  });

  it("offsets of every word piece of the golden texts point at that piece's characters", async () => {
    for (const text of Object.values(goldenTexts().texts).flat()) {
      const enc = await tok.encode(text, { addSpecialTokens: false });
      enc.tokens.forEach((token, i) => {
        const [start, end] = enc.offsets[i] as [number, number];
        expect(text.slice(start, end).toLowerCase(), `${token} in ${text.slice(0, 30)}`).toBe(token.replace(/^##/, ""));
      });
    }
  });

  it("offsets are UTF-16 spans even after characters outside the BMP", async () => {
    const text = "😀 ab 𝒳 cd [MASK] é";
    const enc = await tok.encode(text, { addSpecialTokens: false });
    const slices = enc.offsets.map(([s, e]) => text.slice(s, e));
    expect(slices).toEqual(["😀", "ab", "𝒳", "cd", "[MASK]", "é"]);
    expect(enc.tokens).toEqual(["[UNK]", "ab", "[UNK]", "cd", "[MASK]", "e"]);
  });

  it("rejects a non-string text", async () => {
    const e = await rejected(tok.encode(42 as unknown as string));
    expect(e.code).toBe("INVALID_TEXT");
    expect(e.message).toContain("number");
  });
});

describe("encodeBatch", () => {
  it("equals encode row by row and pads to the longest on request", async () => {
    const texts = ["one", "two words here", "three"];
    const rows = await tok.encodeBatch(texts);
    for (let i = 0; i < texts.length; i++) expect(rows[i]).toEqual(await tok.encode(texts[i] as string));
    const padded = await tok.encodeBatch(texts, { padding: true });
    expect(padded.map((r) => r.ids.length)).toEqual([5, 5, 5]);
    expect(padded[0]?.ids).toEqual([101, 2028, 102, 0, 0]);
    expect(padded[0]?.attentionMask).toEqual([1, 1, 1, 0, 0]);
    expect(padded[0]?.tokens.slice(3)).toEqual(["[PAD]", "[PAD]"]);
  });

  it("names the bad element", async () => {
    const e = await rejected(tok.encodeBatch(["a", null as unknown as string]));
    expect(e.code).toBe("INVALID_TEXT");
    expect(e.message).toContain("texts[1]");
  });
});

describe("decode / convertTokensToIds", () => {
  it("decodes back to normalized text", async () => {
    const ids = (await tok.encode("Hello, World! Unbelievable.")).ids;
    expect(await tok.decode(ids)).toBe("hello, world! unbelievable.");
    expect(await tok.decode(ids, { skipSpecialTokens: false })).toBe("[CLS] hello, world! unbelievable. [SEP]");
  });

  it("rejects ids outside the vocabulary", async () => {
    expect((await rejected(tok.decode([101, 30522]))).code).toBe("INVALID_IDS");
    expect((await rejected(tok.decode([1.5]))).message).toContain("ids[0]");
  });

  it("maps tokens to ids, unknown strings to [UNK]", () => {
    expect(tok.convertTokensToIds(["[CLS]", "hello", "##s", "no-such-token"])).toEqual([101, 7592, 2015, 100]);
    expect(tok.convertTokensToIds("[MASK]")).toBe(103);
    expect(tok.convertIdsToTokens([101, 7592])).toEqual(["[CLS]", "hello"]);
    expect(thrown(() => tok.convertIdsToTokens([-1])).code).toBe("INVALID_IDS");
    expect(thrown(() => tok.convertTokensToIds([3 as unknown as string])).code).toBe("INVALID_TEXT");
  });
});
