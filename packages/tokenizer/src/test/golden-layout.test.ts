/**
 * The HAT layouts rebuilt from text must equal the inputs of every golden case: each case's
 * `source` names the text and the token offset each row was cut from.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { LongformerTokenizer } from "../index.js";
import {
  type ChoiceSource,
  type GoldenCase,
  type GoldenTexts,
  goldenCases,
  goldenTexts,
  modelDir,
  type TextSource,
  textOf,
  unmaskedIds,
} from "./fixtures.test-util.js";

const MODELS = ["tiny-mlm", "tiny-seqcls", "tiny-sentcls", "tiny-mc", "mini-mlm"] as const;
const texts: GoldenTexts = goldenTexts();
const tokenizers = new Map<string, LongformerTokenizer>();
/** Character offsets of every word piece of each golden text (from the tokenizer itself). */
const pieceOffsets = new Map<string, Array<[number, number]>>();

beforeAll(async () => {
  for (const model of MODELS) tokenizers.set(model, await LongformerTokenizer.fromPretrained(modelDir(model)));
  const tok = tokenizers.get("tiny-mlm") as LongformerTokenizer;
  for (const name of ["lighthouse", "market"]) {
    const enc = await tok.encode(textOf(texts, name), { addSpecialTokens: false });
    pieceOffsets.set(name, enc.offsets);
  }
});

function tokenizerFor(model: string): LongformerTokenizer {
  const t = tokenizers.get(model);
  if (!t) throw new Error(`no tokenizer for ${model}`);
  return t;
}

function spanOf(source: TextSource): [number, number] {
  const offsets = pieceOffsets.get(source.text);
  const first = offsets?.[source.token_offset];
  const last = offsets?.[source.token_offset + source.n_text_tokens - 1];
  if (!first || !last) throw new Error(`source ${JSON.stringify(source)} is outside the text`);
  return [first[0], last[1]];
}

/** The characters holding exactly the source's word pieces. */
function sliceOf(source: TextSource): string {
  const [start, end] = spanOf(source);
  return textOf(texts, source.text).slice(start, end);
}

/** Number of positions up to the last real token of a golden row. */
function contentLength(mask: number[]): number {
  return mask.lastIndexOf(1) + 1;
}

const cases = MODELS.flatMap((model) => goldenCases(model).cases.map((c) => ({ model, c })));
const documentCases = cases.filter(
  ({ c }) => !("article" in (c.source[0] as object)) && c.name !== "plain_len5_cls_global",
);
const choiceCases = cases.filter(({ c }) => "article" in (c.source[0] as object));

describe("golden texts", () => {
  it("the tokenizer reproduces the token ids of every text in texts.json", async () => {
    const tok = tokenizerFor("tiny-mlm");
    let checked = 0;
    for (const [name, expected] of Object.entries(texts.token_ids)) {
      const value = texts.texts[name];
      const list = Array.isArray(value) ? value : [value as string];
      const ids = Array.isArray(expected[0]) ? (expected as number[][]) : [expected as number[]];
      for (let i = 0; i < list.length; i++) {
        const enc = await tok.encode(list[i] as string, { addSpecialTokens: false });
        expect(enc.ids, `${name}[${i}]`).toEqual(ids[i]);
        checked++;
      }
    }
    expect(checked).toBe(10);
  });

  it("every case of every model is rebuilt below (none silently skipped)", () => {
    expect(documentCases.length + choiceCases.length + 1).toBe(cases.length);
    expect(cases.length).toBe(19);
  });
});

describe.each(documentCases)("$model / $c.name", ({ model, c }: { model: string; c: GoldenCase }) => {
  const sources = c.source as TextSource[];
  const isHat = c.call.class.startsWith("HAT");

  it("uniform layout of the source slices equals input_ids / attention_mask", async () => {
    const tok = tokenizerFor(model);
    const batch = await tok.encodeDocumentBatch(sources.map(sliceOf), { grouping: "uniform", padding: "none" });
    expect(batch.inputIds).toEqual(unmaskedIds(c));
    expect(batch.attentionMask).toEqual(c.inputs.attention_mask);
    if (isHat) expect(batch.globalAttentionMask).toEqual(c.effective_global_attention_mask);
    batch.documents.forEach((doc, row) => {
      expect(doc.truncation.truncated).toBe(false);
      expect(doc.truncation.keptPieces).toBe(sources[row]?.n_text_tokens);
    });
  });

  it("the same rows come out of the whole text cut by maxLength, and the cut is reported", async () => {
    const tok = tokenizerFor(model);
    const goldenIds = unmaskedIds(c);
    for (let row = 0; row < sources.length; row++) {
      const source = sources[row] as TextSource;
      const full = textOf(texts, source.text);
      const tail = full.slice(spanOf(source)[0]);
      const length = contentLength((c.inputs.attention_mask as number[][])[row] as number[]);
      const doc = await tok.encodeDocument(tail, { maxLength: length, padding: "none" });
      expect(doc.inputIds).toEqual(goldenIds[row]?.slice(0, length));
      const total = texts.token_ids[source.text]?.length as number;
      expect(doc.truncation).toMatchObject({
        truncated: source.token_offset + source.n_text_tokens < total,
        keptPieces: source.n_text_tokens,
        totalPieces: total - source.token_offset,
        limit: length,
      });
    }
  });

  if (isHat && (c.inputs.input_ids[0] as number[]).length === (model === "mini-mlm" ? 1024 : 128)) {
    it("padding 'maxLength' with the checkpoint's model_max_length gives the same rows", async () => {
      const tok = tokenizerFor(model);
      const batch = await tok.encodeDocumentBatch(sources.map(sliceOf), { padding: "maxLength" });
      expect(batch.inputIds).toEqual(unmaskedIds(c));
      expect(batch.attentionMask).toEqual(c.inputs.attention_mask);
    });
  }
});

describe("tiny-mlm / plain_len5_cls_global", () => {
  it("encode with special tokens gives [CLS] w w w [SEP]", async () => {
    const c = goldenCases("tiny-mlm").cases.find((x) => x.name === "plain_len5_cls_global") as GoldenCase;
    const enc = await tokenizerFor("tiny-mlm").encode(sliceOf(c.source[0] as TextSource));
    expect([enc.ids]).toEqual(c.inputs.input_ids);
    expect([enc.attentionMask]).toEqual(c.inputs.attention_mask);
  });
});

describe.each(choiceCases)("$model / $c.name (multiple choice)", ({ model, c }: { model: string; c: GoldenCase }) => {
  it("QuALITY layout of article slice + question + options equals the (batch, choices, seq) inputs", async () => {
    const tok = tokenizerFor(model);
    const examples = (c.source as ChoiceSource[]).map((s) => ({
      article: sliceOf(s.article),
      question: textOf(texts, s.question),
      options: texts.texts[s.options] as string[],
    }));
    const batch = await tok.encodeMultipleChoiceBatch(examples, { maxLength: 128 });
    expect(batch.inputIds).toEqual(c.inputs.input_ids);
    expect(batch.attentionMask).toEqual(c.inputs.attention_mask);
    expect(batch.tokenTypeIds).toEqual(c.inputs.token_type_ids);
    expect(batch.globalAttentionMask.flat()).toEqual(c.effective_global_attention_mask);
    for (const example of batch.examples) {
      expect(example.questionStart).toBe(96);
      expect(example.optionStart).toBe(112);
    }
  });
});
