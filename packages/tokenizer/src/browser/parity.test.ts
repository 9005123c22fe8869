/**
 * The browser entry (@huggingface/tokenizers, pure JS) against the Node entry (HF tokenizers,
 * Rust): identical ids, token strings and offsets on a large corpus, and identical layouts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LongformerTokenizer as BrowserTokenizer } from "../browser.js";
import { LongformerTokenizer as NodeTokenizer } from "../index.js";
import { bertDir, goldenTexts, modelDir, textOf } from "../test/fixtures.test-util.js";
import { parityCorpus } from "../test/parity-corpus.test-util.js";
import { writeRobertaCheckpoint } from "../test/roberta.test-util.js";
import { removeTempDirs } from "../test/temp-dir.test-util.js";

function readDir(dir: string, names: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, file] of Object.entries(names)) {
    try {
      out[key] = JSON.parse(readFileSync(join(dir, file), "utf8"));
    } catch {
      // optional file absent
    }
  }
  return out;
}

async function pair(dir: string): Promise<[NodeTokenizer, BrowserTokenizer]> {
  const files = readDir(dir, {
    tokenizerJson: "tokenizer.json",
    tokenizerConfig: "tokenizer_config.json",
    specialTokensMap: "special_tokens_map.json",
    config: "config.json",
  });
  return [
    await NodeTokenizer.fromPretrained(dir),
    await BrowserTokenizer.fromPretrained({ tokenizerJson: files.tokenizerJson, ...files }),
  ];
}

const corpus = parityCorpus();

interface Mismatch {
  index: number;
  text: string;
  firstDifference: number;
  node: string;
  browser: string;
}

/** Compares ids, tokens and offsets of every corpus text; returns the mismatches with the first differing token. */
async function compareCorpus(
  node: NodeTokenizer,
  browser: BrowserTokenizer,
  texts: string[] = corpus,
): Promise<{ mismatches: Mismatch[]; pieces: number }> {
  const nodeRows = await node.encodeBatch(texts, { addSpecialTokens: false });
  const browserRows = await browser.encodeBatch(texts, { addSpecialTokens: false });
  const mismatches: Mismatch[] = [];
  let pieces = 0;
  texts.forEach((text, index) => {
    const a = nodeRows[index];
    const b = browserRows[index];
    if (!a || !b) throw new Error(`row ${index} missing`);
    pieces += a.ids.length;
    const n = Math.max(a.ids.length, b.ids.length);
    for (let i = 0; i < n; i++) {
      const sameToken = a.ids[i] === b.ids[i] && a.tokens[i] === b.tokens[i];
      const sameOffset = a.offsets[i]?.[0] === b.offsets[i]?.[0] && a.offsets[i]?.[1] === b.offsets[i]?.[1];
      if (!sameToken || !sameOffset) {
        const show = (tokens: string[], ids: number[], offsets: Array<[number, number]>) =>
          `${JSON.stringify(tokens[i])} id ${ids[i]} at ${JSON.stringify(offsets[i])}`;
        mismatches.push({
          index,
          text,
          firstDifference: i,
          node: show(a.tokens, a.ids, a.offsets),
          browser: show(b.tokens, b.ids, b.offsets),
        });
        break;
      }
    }
  });
  return { mismatches, pieces };
}

afterAll(removeTempDirs);

describe("browser entry vs Node entry", () => {
  let bertNode: NodeTokenizer;
  let bertBrowser: BrowserTokenizer;
  beforeAll(async () => {
    [bertNode, bertBrowser] = await pair(bertDir());
  });

  it("the corpus is large and varied", () => {
    expect(corpus.length).toBeGreaterThan(1500);
    expect(corpus.join("").length).toBeGreaterThan(300_000);
  });

  it("BERT uncased: identical ids, tokens and offsets on every corpus text", async () => {
    const { mismatches, pieces } = await compareCorpus(bertNode, bertBrowser);
    expect(pieces).toBeGreaterThan(100_000);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it("RoBERTa-style byte-level BPE: identical ids, tokens and offsets on every corpus text", async () => {
    const [node, browser] = await pair(writeRobertaCheckpoint());
    const { mismatches, pieces } = await compareCorpus(node, browser);
    expect(pieces).toBeGreaterThan(300_000);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it("byte-level BPE with add_prefix_space: identical ids, tokens and offsets", async () => {
    const [node, browser] = await pair(writeRobertaCheckpoint({ addPrefixSpace: true }));
    // a second generated corpus (other seed): more texts that start with emoji or follow added tokens
    const { mismatches, pieces } = await compareCorpus(node, browser, parityCorpus(1500, 2));
    expect(pieces).toBeGreaterThan(300_000);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it("same special tokens, layout defaults and vocabulary size", async () => {
    for (const dir of [bertDir(), modelDir("tiny-mlm"), writeRobertaCheckpoint()]) {
      const [node, browser] = await pair(dir);
      expect(browser.specialTokens).toEqual(node.specialTokens);
      expect(browser.layoutDefaults).toEqual(node.layoutDefaults);
      expect(browser.vocabSize).toBe(node.vocabSize);
      expect(browser.backendName).toBe("pure-js");
    }
  });

  it("identical document and multiple-choice layouts (uniform and sentences)", async () => {
    const [node, browser] = await pair(modelDir("tiny-mlm"));
    const texts = goldenTexts();
    const docs = [
      textOf(texts, "lighthouse"),
      textOf(texts, "market"),
      ...corpus.slice(200, 260).filter((t) => t.trim()),
    ];
    for (const grouping of ["uniform", "sentences"] as const) {
      const options = { grouping, maxLength: Number.POSITIVE_INFINITY };
      const a = await node.encodeDocumentBatch(docs, options);
      const b = await browser.encodeDocumentBatch(docs, options);
      expect(b).toEqual(a);
    }
    const example = {
      article: textOf(texts, "market"),
      question: textOf(texts, "question2"),
      options: texts.texts.options2 as string[],
    };
    expect(await browser.encodeMultipleChoice(example)).toEqual(await node.encodeMultipleChoice(example));
  });

  it("decode gives the same text", async () => {
    for (const text of corpus.slice(0, 400)) {
      const ids = (await bertNode.encode(text)).ids;
      expect(await bertBrowser.decode(ids), text).toBe(await bertNode.decode(ids));
    }
  });
});
