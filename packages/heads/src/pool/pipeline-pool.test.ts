/**
 * The worker pool against the single-thread pipelines on the tiny fixtures: same results in the same order, errors
 * naming the failing input, no tensor growth in the workers, and no thread left after dispose().
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipeline, createPipelinePool, HeadsError, type PipelinePool, PipelinePoolError } from "../index.js";

const modelDir = (name: string) => join(longformerFixturesDir(), "models", name);
const SENTENCES = [
  "The keeper climbed the stairs.",
  "A storm came from the west.",
  "The lamp burned all night.",
  "Ships passed the rocks at dawn.",
  "The market opened late on Monday.",
  "Prices of grain rose again.",
];
/** Seven different documents (rotations of the sentences), so a permutation of results would show. */
const DOCS = Array.from({ length: 7 }, (_, k) =>
  [...SENTENCES.slice(k % 6), ...SENTENCES.slice(0, k % 6)].join(" ").repeat(1 + (k % 3)),
);

/** OS threads of this process (Linux), to see that a disposed pool leaves none behind. */
function threadCount(): number | undefined {
  try {
    return readdirSync("/proc/self/task").length;
  } catch {
    return undefined;
  }
}

describe("createPipelinePool: document-classification", () => {
  let pool: PipelinePool;
  beforeAll(async () => {
    pool = await createPipelinePool("document-classification", modelDir("tiny-seqcls"), {
      workers: 2,
      backend: "wasm",
    });
  }, 60_000);
  afterAll(async () => {
    await pool?.dispose();
  });

  it("returns the single-thread pipeline's results, in input order", async () => {
    const single = await createPipeline("document-classification", modelDir("tiny-seqcls"), { backend: "wasm" });
    try {
      const expected = await single.classifyDocument(DOCS, { batchSize: 3 });
      const got = await pool.classifyDocument(DOCS, { batchSize: 3 });
      expect(got).toHaveLength(DOCS.length);
      got.forEach((result, i) => {
        const want = expected[i];
        expect(result.label).toBe(want?.label);
        expect(result.warnings).toEqual(want?.warnings);
        result.scores.forEach((s, j) => {
          expect(s.label).toBe(want?.scores[j]?.label);
          expect(s.score).toBeCloseTo(want?.scores[j]?.score as number, 5);
        });
      });
      // Results really differ between documents, so the order check above means something.
      expect(new Set(got.map((r) => r.scores[0]?.score)).size).toBeGreaterThan(1);
    } finally {
      single.dispose();
    }
  }, 60_000);

  it("maps a failing input to its index with the pipeline's code, after the other jobs settle", async () => {
    const texts = [...DOCS];
    texts[5] = "   ";
    const error = await pool.classifyDocument(texts, { batchSize: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelinePoolError);
    expect((error as PipelinePoolError).code).toBe("EMPTY_TEXT");
    expect((error as PipelinePoolError).inputIndex).toBe(5);
    expect((error as PipelinePoolError).originalName).toBe("HeadsError");
    // The pool still works afterwards.
    expect(await pool.classifyDocument(DOCS.slice(0, 2))).toHaveLength(2);
  }, 60_000);

  it("leaks no tensors in the workers across calls", async () => {
    await pool.classifyDocument(DOCS);
    const before = pool.tensorCounts();
    expect(before.size).toBeGreaterThan(0);
    await pool.classifyDocument(DOCS);
    await pool.classifyDocument(DOCS, { batchSize: 1 });
    const after = pool.tensorCounts();
    expect([...after.keys()].filter((thread) => before.has(thread)).length).toBeGreaterThan(0);
    for (const [thread, count] of after) {
      if (before.has(thread)) expect(count).toBe(before.get(thread));
    }
  }, 60_000);

  it("rejects calls of another task and empty input lists with typed errors", async () => {
    await expect(pool.fillMask(["a [MASK]"])).rejects.toMatchObject({ code: "INVALID_OPTION" });
    await expect(pool.classifyDocument([])).rejects.toMatchObject({ code: "EMPTY_TEXT" });
  });
});

describe("createPipelinePool: fill-mask and sentence-tagging", () => {
  it("fill-mask: same predictions as the pipeline; a text without a mask is named by index", async () => {
    const texts = SENTENCES.map((s) => s.replace(/ (\w+)\.$/, " [MASK]."));
    const pool = await createPipelinePool("fill-mask", modelDir("tiny-mlm"), { workers: 2, backend: "wasm" });
    const single = await createPipeline("fill-mask", modelDir("tiny-mlm"), { backend: "wasm" });
    try {
      const got = await pool.fillMask(texts, { topK: 3 });
      for (const [i, text] of texts.entries()) {
        const want = await single.fillMask(text, { topK: 3 });
        expect(got[i]?.masks.map((m) => m.predictions.map((p) => p.token))).toEqual(
          want.masks.map((m) => m.predictions.map((p) => p.token)),
        );
        expect(got[i]?.masks[0]?.predictions[0]?.score).toBeCloseTo(want.masks[0]?.predictions[0]?.score as number, 5);
      }
      const bad = [...texts];
      bad[3] = "No mask in this one.";
      await expect(pool.fillMask(bad)).rejects.toMatchObject({ code: "NO_MASK_TOKEN", inputIndex: 3 });
    } finally {
      single.dispose();
      await pool.dispose();
    }
  }, 60_000);

  it("sentence-tagging: same segments as the pipeline, in order", async () => {
    const pool = await createPipelinePool("sentence-tagging", modelDir("tiny-sentcls"), {
      workers: 2,
      backend: "wasm",
    });
    const single = await createPipeline("sentence-tagging", modelDir("tiny-sentcls"), { backend: "wasm" });
    try {
      const docs = [DOCS[0] as string, SENTENCES, DOCS[2] as string];
      const got = await pool.tagSentences(docs);
      for (const [i, doc] of docs.entries()) {
        const want = await single.tagSentences(doc);
        expect(got[i]?.segments.map((s) => [s.label, s.charStart, s.charEnd])).toEqual(
          want.segments.map((s) => [s.label, s.charStart, s.charEnd]),
        );
      }
    } finally {
      single.dispose();
      await pool.dispose();
    }
  }, 60_000);
});

describe("createPipelinePool: lifetime and options", () => {
  it("dispose() ends every worker thread and later calls throw DISPOSED", async () => {
    const before = threadCount();
    const pool = await createPipelinePool("document-classification", modelDir("tiny-seqcls"), {
      workers: 2,
      backend: "cpu",
    });
    const during = threadCount();
    if (before !== undefined && during !== undefined) expect(during).toBeGreaterThanOrEqual(before + 2);
    await pool.dispose();
    await pool.dispose(); // idempotent
    const after = threadCount();
    if (before !== undefined && after !== undefined) expect(after).toBeLessThanOrEqual(before);
    await expect(pool.classifyDocument(DOCS)).rejects.toMatchObject({ code: "DISPOSED" });
  }, 60_000);

  it("a model that fails to load rejects creation with the worker's code and leaves no thread", async () => {
    const before = threadCount();
    const error = await createPipelinePool("document-classification", modelDir("tiny-mlm"), {
      workers: 2,
      backend: "cpu",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelinePoolError);
    expect((error as PipelinePoolError).inputIndex).toBeUndefined();
    expect(["ARCHITECTURE_MISMATCH", "MISSING_HEAD_WEIGHTS"]).toContain((error as PipelinePoolError).code);
    const after = threadCount();
    if (before !== undefined && after !== undefined) expect(after).toBeLessThanOrEqual(before);
  }, 60_000);

  it("workers run wasm when backend is left out or passed as undefined (a worker has no backend registered)", async () => {
    const pool = await createPipelinePool("fill-mask", modelDir("tiny-mlm"), { workers: 1, backend: undefined });
    try {
      expect(await pool.fillMask(["The keeper climbed the [MASK]."])).toHaveLength(1);
    } finally {
      await pool.dispose();
    }
  }, 60_000);

  it("rejects bad worker counts, tasks and sources with typed errors", async () => {
    await expect(createPipelinePool("fill-mask", modelDir("tiny-mlm"), { workers: 0 })).rejects.toBeInstanceOf(
      HeadsError,
    );
    await expect(createPipelinePool("fill-mask", modelDir("tiny-mlm"), { workers: 1.5 })).rejects.toMatchObject({
      code: "INVALID_OPTION",
    });
    await expect(createPipelinePool("multiple-choice" as "fill-mask", modelDir("tiny-mc"))).rejects.toMatchObject({
      code: "UNKNOWN_TASK",
    });
  });
});
