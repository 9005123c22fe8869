/**
 * Tokens/s of `encodeDocument` on a 100,000-word document built from the fixture texts.
 * Prints a table and writes bench-results/encode-document.json.
 * Usage: pnpm --filter @longformer-ts/tokenizer bench [--runs N]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { longformerFixturesDir, tokenizerFixtureDir } from "@longformer-ts/test-helpers";
import { LongformerTokenizer as BrowserTokenizer } from "../src/browser.js";
import { type DocumentOptions, LongformerTokenizer, type LongformerTokenizerCore } from "../src/index.js";

const WORDS = 100_000;
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

/** The fixture texts repeated (paragraphs in a fixed rotating order) until the document has WORDS words. */
function buildDocument(): string {
  const texts = JSON.parse(readFileSync(join(longformerFixturesDir(), "golden", "texts.json"), "utf8")) as {
    texts: Record<string, string | string[]>;
  };
  const paragraphs = Object.values(texts.texts).flat();
  const words: string[] = [];
  for (let i = 0; words.length < WORDS; i++) {
    const paragraph = paragraphs[i % paragraphs.length] as string;
    words.push(...paragraph.split(/\s+/).filter(Boolean));
  }
  return words.slice(0, WORDS).join(" ");
}

interface Row {
  case: string;
  backend: string;
  medianMs: number;
  minMs: number;
  pieces: number;
  tokensPerSecond: number;
  wordsPerSecond: number;
}

async function measure(label: string, backend: string, pieces: number, fn: () => Promise<unknown>): Promise<Row> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;
  return {
    case: label,
    backend,
    medianMs: Math.round(median),
    minMs: Math.round(times[0] as number),
    pieces,
    tokensPerSecond: Math.round(pieces / (median / 1000)),
    wordsPerSecond: Math.round(WORDS / (median / 1000)),
  };
}

async function benchTokenizer(tokenizer: LongformerTokenizerCore, text: string, rows: Row[]): Promise<number> {
  const pieces = (await tokenizer.encode(text, { addSpecialTokens: false })).ids.length;
  const unlimited: DocumentOptions = { maxSentenceLength: 128, maxLength: Number.POSITIVE_INFINITY };
  const name = tokenizer.backendName;
  rows.push(await measure("encode (word pieces only)", name, pieces, () => tokenizer.encode(text)));
  rows.push(await measure("encodeDocument uniform", name, pieces, () => tokenizer.encodeDocument(text, unlimited)));
  rows.push(
    await measure("encodeDocument sentences", name, pieces, () =>
      tokenizer.encodeDocument(text, { ...unlimited, grouping: "sentences" }),
    ),
  );
  rows.push(
    await measure("encodeDocument uniform, cut to 1024", name, pieces, () =>
      tokenizer.encodeDocument(text, { maxSentenceLength: 128, maxLength: 1024 }),
    ),
  );
  return pieces;
}

async function main(): Promise<void> {
  const text = buildDocument();
  const dir = tokenizerFixtureDir("bert-base-uncased");
  const rows: Row[] = [];
  const pieces = await benchTokenizer(await LongformerTokenizer.fromPretrained(dir), text, rows);
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8")) as unknown;
  const browser = await BrowserTokenizer.fromPretrained({
    tokenizerJson: read("tokenizer.json"),
    tokenizerConfig: read("tokenizer_config.json"),
  });
  await benchTokenizer(browser, text, rows);

  console.log(
    `encodeDocument on a ${WORDS.toLocaleString("en")}-word document (${text.length.toLocaleString("en")} chars, ${pieces.toLocaleString("en")} word pieces), median of ${RUNS} runs`,
  );
  console.table(rows);
  const out = join(dirname(fileURLToPath(import.meta.url)), "..", "bench-results", "encode-document.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, words: WORDS, chars: text.length, pieces, runs: RUNS, rows }, null, 2)}\n`,
  );
  console.log(`wrote ${out}`);
}

await main();
