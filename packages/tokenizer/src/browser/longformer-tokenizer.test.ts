import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LongformerTokenizer, TokenizerError } from "../browser.js";
import { modelDir } from "../test/fixtures.test-util.js";

const TINY = modelDir("tiny-mlm");
const file = (name: string) => readFileSync(join(TINY, name), "utf8");

/** A fetch serving `files` under https://models.test/tiny/ (no network). */
function fakeFetch(files: Record<string, string | number | Error>, log: string[] = []): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = input.toString();
    log.push(url);
    const entry = files[url.replace("https://models.test/tiny/", "")];
    if (entry instanceof Error) throw entry;
    if (entry === undefined) return new Response("not found", { status: 404, statusText: "Not Found" });
    if (typeof entry === "number") return new Response("", { status: entry, statusText: "Server Error" });
    return new Response(entry, { status: 200 });
  }) as typeof fetch;
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

describe("browser LongformerTokenizer.fromPretrained", () => {
  it("fetches tokenizer.json and the optional files from a URL prefix", async () => {
    const log: string[] = [];
    const fetch = fakeFetch(
      {
        "tokenizer.json": file("tokenizer.json"),
        "tokenizer_config.json": file("tokenizer_config.json"),
        "config.json": file("config.json"),
      },
      log,
    );
    const tok = await LongformerTokenizer.fromPretrained("https://models.test/tiny", { fetch });
    expect(log.sort()).toEqual(
      ["config.json", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json"].map(
        (f) => `https://models.test/tiny/${f}`,
      ),
    );
    expect(tok.backendName).toBe("pure-js");
    expect(tok.layoutDefaults.maxSentenceLength).toBe(16);
    expect((await tok.encodeDocument("Hello world.")).inputIds.slice(0, 5)).toEqual([101, 7592, 2088, 1012, 0]);
  });

  it("takes the token names from special_tokens_map.json when tokenizer_config.json is absent", async () => {
    const tok = await LongformerTokenizer.fromPretrained(new URL("https://models.test/tiny/"), {
      fetch: fakeFetch({
        "tokenizer.json": file("tokenizer.json"),
        "special_tokens_map.json": file("special_tokens_map.json"),
      }),
    });
    expect(tok.specialTokens.pad).toEqual({ token: "[PAD]", id: 0 });
    expect(tok.layoutDefaults.maxSentenceLength).toBe(128);
  });

  it("with tokenizer.json alone, CLS/SEP come from its post-processor but nothing names the pad token", async () => {
    const e = await rejected(
      LongformerTokenizer.fromPretrained("https://models.test/tiny/", {
        fetch: fakeFetch({ "tokenizer.json": file("tokenizer.json") }),
      }),
    );
    expect(e.code).toBe("SPECIAL_TOKEN_MISSING");
    expect(e.message).toContain("pad");
  });

  it("reports a missing tokenizer.json, server errors, network errors and invalid JSON with the URL", async () => {
    const base = "https://models.test/tiny/";
    let e = await rejected(LongformerTokenizer.fromPretrained(base, { fetch: fakeFetch({}) }));
    expect([e.code, e.path]).toEqual(["FILE_NOT_FOUND", `${base}tokenizer.json`]);
    e = await rejected(LongformerTokenizer.fromPretrained(base, { fetch: fakeFetch({ "tokenizer.json": 500 }) }));
    expect(e.code).toBe("FETCH_FAILED");
    e = await rejected(
      LongformerTokenizer.fromPretrained(base, {
        fetch: fakeFetch({ "tokenizer.json": new TypeError("network down") }),
      }),
    );
    expect(e.code).toBe("FETCH_FAILED");
    expect(e.message).toContain("network down");
    e = await rejected(
      LongformerTokenizer.fromPretrained(base, {
        fetch: fakeFetch({ "tokenizer.json": file("tokenizer.json"), "config.json": "{oops" }),
      }),
    );
    expect([e.code, e.path]).toEqual(["FILE_UNREADABLE", `${base}config.json`]);
  });

  it("rejects a relative URL without a page, and objects without tokenizerJson", async () => {
    expect((await rejected(LongformerTokenizer.fromPretrained("models/tiny", { fetch: fakeFetch({}) }))).code).toBe(
      "FILE_NOT_FOUND",
    );
    expect((await rejected(LongformerTokenizer.fromPretrained({ tokenizerJson: "text" }))).code).toBe(
      "INVALID_TOKENIZER_FILE",
    );
  });

  it("rejects tokenizers whose offsets it cannot align", async () => {
    const json = JSON.parse(file("tokenizer.json")) as Record<string, unknown>;
    const metaspace = {
      ...json,
      pre_tokenizer: { type: "Metaspace", replacement: "▁", prepend_scheme: "always", split: true },
    };
    let e = await rejected(LongformerTokenizer.fromPretrained({ tokenizerJson: metaspace }));
    expect(e.code).toBe("UNSUPPORTED_TOKENIZER");
    expect(e.message).toContain("Metaspace");
    const strip = { ...json, normalizer: { type: "Strip", strip_left: true, strip_right: true } };
    e = await rejected(LongformerTokenizer.fromPretrained({ tokenizerJson: strip }));
    expect(e.message).toContain("Strip");
  });
});
