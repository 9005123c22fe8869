import { join } from "node:path";
import { useBackend } from "@longformer-ts/encoder";
import { BACKENDS, expectNoTensorLeak, longformerFixturesDir } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPipeline,
  type DocumentClassificationPipeline,
  HeadsError,
  type SentenceTaggingPipeline,
} from "../index.js";
import { goldenCase, KERNEL, loadGolden } from "../testing/golden.test-util.js";
import { goldenText, textSlice } from "../testing/texts.test-util.js";

const modelDir = (name: string) => join(longformerFixturesDir(), "models", name);

function softmax(row: number[]): number[] {
  const max = Math.max(...row);
  const e = row.map((x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

function rows(data: ArrayLike<number>, width: number): number[][] {
  return Array.from({ length: data.length / width }, (_, i) => Array.from(data).slice(i * width, (i + 1) * width));
}

describe.each(BACKENDS)("classifyDocument on tiny-seqcls (%s)", (backend) => {
  const golden = loadGolden("tiny-seqcls");
  const c = goldenCase(golden, "seqcls_pool_max");
  let clf: DocumentClassificationPipeline;
  let docs: string[];
  beforeAll(async () => {
    clf = await createPipeline("document-classification", modelDir("tiny-seqcls"), { backend, kernel: KERNEL });
    docs = await Promise.all(
      c.source!.map((s) => textSlice(clf.tokenizer, s.text!, s.token_offset!, s.n_text_tokens!)),
    );
  });
  afterAll(() => clf.dispose());

  it("the golden documents rebuilt from text get softmax(golden logits), labels from id2label", async () => {
    const expected = rows(golden.expected(c.outputs.logits!.key).data, 3).map(softmax);
    const results = await clf.classifyDocument(docs, { grouping: "uniform" });
    expect(results).toHaveLength(2);
    results.forEach((r, i) => {
      const byLabel = Object.fromEntries(r.scores.map((s) => [s.label, s.score]));
      expected[i]!.forEach((p, k) => {
        expect(Math.abs(byLabel[`LABEL_${k}`]! - p)).toBeLessThan(2e-5);
      });
      const best = expected[i]!.indexOf(Math.max(...expected[i]!));
      expect(r.label).toBe(`LABEL_${best}`);
      expect(r.labels).toEqual([r.label]);
      expect(r.warnings).toEqual([]);
    });
  });

  it("batching and padding to the model length make results independent of the batch", async () => {
    const together = await clf.classifyDocument(docs, { grouping: "uniform", batchSize: 8 });
    const alone = await clf.classifyDocument(docs[1]!, { grouping: "uniform" });
    const oneByOne = await clf.classifyDocument(docs, { grouping: "uniform", batchSize: 1, topK: 2 });
    expect(alone.label).toBe(together[1]!.label);
    expect(Math.abs(alone.score - together[1]!.score)).toBeLessThan(1e-5);
    expect(oneByOne.map((r) => r.scores.length)).toEqual([2, 2]);
    expect(oneByOne.map((r) => r.label)).toEqual(together.map((r) => r.label));
  });

  it("sentence grouping (the default) and a truncation warning for a long text", async () => {
    const result = await clf.classifyDocument(goldenText("market"));
    expect(result.scores.map((s) => s.label).sort()).toEqual(["LABEL_0", "LABEL_1", "LABEL_2"]);
    expect(result.scores.reduce((a, s) => a + s.score, 0)).toBeCloseTo(1, 5);
    expect(result.warnings.map((w) => w.code)).toEqual(["TRUNCATED"]);
  });

  it("empty inputs are typed errors", async () => {
    await expect(clf.classifyDocument("")).rejects.toMatchObject({ code: "EMPTY_TEXT" });
    await expect(clf.classifyDocument([])).rejects.toMatchObject({ code: "EMPTY_TEXT" });
    await expect(clf.classifyDocument(["fine", " \n"])).rejects.toThrow(/texts\[1\] is empty/);
    await expect(clf.classifyDocument("x", { batchSize: 0 })).rejects.toBeInstanceOf(HeadsError);
  });

  it("keeps the live tensor count flat across repeated calls", async () => {
    await expectNoTensorLeak(tf, () => clf.classifyDocument(docs, { grouping: "uniform" }));
  });
});

describe.each(BACKENDS)("tagSentences on tiny-sentcls (%s)", (backend) => {
  const golden = loadGolden("tiny-sentcls");
  const c = goldenCase(golden, "sentcls_batch2");
  let tagger: SentenceTaggingPipeline;
  beforeAll(async () => {
    await useBackend(backend);
    tagger = await createPipeline("sentence-tagging", modelDir("tiny-sentcls"), { kernel: KERNEL });
  });
  afterAll(() => tagger.dispose());

  it("row 0 of the golden case rebuilt from text: one label per block, softmax(golden logits)", async () => {
    const s = c.source![0]!;
    const text = await textSlice(tagger.tokenizer, s.text!, s.token_offset!, s.n_text_tokens!);
    const result = await tagger.tagSentences(text, { grouping: "uniform" });
    const expected = rows(golden.expected(c.outputs.logits!.key).data, 4).slice(0, 8).map(softmax);
    expect(result.segments.map((g) => g.block)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    result.segments.forEach((seg, b) => {
      const byLabel = Object.fromEntries(seg.scores.map((x) => [x.label, x.score]));
      expected[b]!.forEach((p, k) => {
        expect(Math.abs(byLabel[`LABEL_${k}`]! - p)).toBeLessThan(2e-5);
      });
      expect(seg.text).toBe(text.slice(seg.charStart, seg.charEnd));
    });
    expect(result.warnings).toEqual([]);
  });

  it("sentence grouping: segments hold whole sentences, spans in the text, warning when truncated", async () => {
    const text = goldenText("market");
    const result = await tagger.tagSentences(text);
    expect(result.segments.length).toBeGreaterThan(1);
    for (const seg of result.segments) {
      expect(seg.sentences.length).toBeGreaterThan(0);
      expect(seg.charStart).toBe(Math.min(...seg.sentences.map((x) => x[0])));
      expect(seg.text).toBe(text.slice(seg.charStart, seg.charEnd));
      expect(["LABEL_0", "LABEL_1", "LABEL_2", "LABEL_3"]).toContain(seg.label);
    }
    expect(result.warnings.map((w) => w.code)).toEqual(["TRUNCATED"]);
    await expect(tagger.tagSentences("  ")).rejects.toMatchObject({ code: "EMPTY_TEXT" });
  });

  it("keeps the live tensor count flat across repeated calls", async () => {
    await expectNoTensorLeak(tf, () => tagger.tagSentences("One sentence here. And another one there."));
  });
});
