/** Reads the shared HF fixtures (texts, golden cases) for the tests; paths only through @longformer-ts/test-helpers. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { longformerFixturesDir, tokenizerFixtureDir } from "@longformer-ts/test-helpers";

export interface GoldenTexts {
  texts: Record<string, string | string[]>;
  token_ids: Record<string, number[] | number[][]>;
}

export interface TextSource {
  text: string;
  token_offset: number;
  n_text_tokens: number;
}

export interface ChoiceSource {
  article: TextSource;
  question: string;
  options: string;
}

export interface GoldenCase {
  name: string;
  description: string;
  call: { class: string };
  inputs: {
    input_ids: number[][] | number[][][];
    attention_mask: number[][] | number[][][];
    token_type_ids: number[][] | number[][][];
    global_attention_mask?: number[][];
  };
  effective_global_attention_mask: number[][];
  source: Array<TextSource | ChoiceSource>;
  masked_positions?: Array<[number, number]>;
  masked_original_ids?: number[];
}

export interface GoldenCases {
  model: string;
  model_dir: string;
  cases: GoldenCase[];
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export function goldenTexts(): GoldenTexts {
  return readJson<GoldenTexts>(join(longformerFixturesDir(), "golden", "texts.json"));
}

export function goldenCases(model: string): GoldenCases {
  return readJson<GoldenCases>(join(longformerFixturesDir(), "golden", model, "cases.json"));
}

/** A model checkpoint directory of the fixtures (config.json + tokenizer files). */
export function modelDir(model: string): string {
  return join(longformerFixturesDir(), "models", model);
}

/** The standalone bert-base-uncased tokenizer fixture (tokenizer.json, vocab.txt, tokenizer_config.json). */
export function bertDir(): string {
  return tokenizerFixtureDir("bert-base-uncased");
}

/** The text named by a golden `source`, as a string. */
export function textOf(texts: GoldenTexts, name: string): string {
  const t = texts.texts[name];
  if (typeof t !== "string") throw new Error(`texts.json: ${name} is not a string`);
  return t;
}

/** Golden input ids with every [MASK] put back to the original id (the layout itself never masks). */
export function unmaskedIds(c: GoldenCase): number[][] {
  const ids = (c.inputs.input_ids as number[][]).map((row) => [...row]);
  (c.masked_positions ?? []).forEach(([b, p], k) => {
    const row = ids[b];
    if (row) row[p] = c.masked_original_ids?.[k] as number;
  });
  return ids;
}
