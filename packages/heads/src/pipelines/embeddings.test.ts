import { useBackend } from "@longformer-ts/encoder";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipeline, type EmbeddingPipeline } from "../index.js";
import { hatModelDir, hfModelDir } from "../testing/hf-fixtures.test-util.js";

const SHORT = "The keeper climbed the stairs.";
const LONG =
  "The lighthouse stood on the rocks for two hundred years, and every night the keeper climbed its stairs to " +
  "light the lamp, whatever the weather, until the harbour was closed and the last ship left.";

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - (b[i] as number))));

describe("EmbeddingPipeline.embed", () => {
  let embedder: EmbeddingPipeline;
  beforeAll(async () => {
    useBackend("cpu");
    embedder = await createPipeline("embeddings", hfModelDir("tiny-hf-qa"));
  });
  afterAll(() => embedder.dispose());

  it("one vector of hidden size per text; normalize gives unit length", async () => {
    const { embeddings, dimension } = await embedder.embed([SHORT, LONG], { normalize: true });
    expect(dimension).toBe(32);
    expect(embeddings).toHaveLength(2);
    for (const v of embeddings) {
      expect(v).toHaveLength(32);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
  });

  it.each(["cls", "mean", "max"] as const)(
    "%s pooling does not depend on the batch (padding is masked)",
    async (pooling) => {
      const alone = (await embedder.embed(SHORT, { pooling })).embeddings[0]!;
      const batched = (await embedder.embed([LONG, SHORT], { pooling, batchSize: 2 })).embeddings[1]!;
      expect(maxDiff(alone, batched)).toBeLessThan(1e-4);
    },
  );

  it("the poolings differ, and mean is the average of the real tokens' last hidden states", async () => {
    const cls = (await embedder.embed(SHORT, { pooling: "cls" })).embeddings[0]!;
    const mean = (await embedder.embed(SHORT, { pooling: "mean" })).embeddings[0]!;
    const max = (await embedder.embed(SHORT, { pooling: "max" })).embeddings[0]!;
    expect(maxDiff(cls, mean)).toBeGreaterThan(1e-3);
    expect(max.every((x, i) => x >= (mean[i] as number) - 1e-6)).toBe(true);
    const enc = await embedder.tokenizer.encode(SHORT);
    const out = embedder.model.forward({
      inputIds: [enc.ids],
      globalAttentionMask: [enc.ids.map((_, i) => (i === 0 ? 1 : 0))],
    });
    const expected = (tf.mean(out.lastHiddenState, 1).arraySync() as number[][])[0]!;
    tf.dispose(out as unknown as tf.TensorContainer);
    expect(maxDiff(mean, expected)).toBeLessThan(1e-5);
  });

  it("works on any checkpoint's encoder (a HAT masked-LM one) and frees its tensors", async () => {
    const before = tf.memory().numTensors;
    const other = await createPipeline("embeddings", hatModelDir("tiny-mlm"));
    const { embeddings } = await other.embed([SHORT]);
    expect(embeddings[0]).toHaveLength(32);
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("warns when a text is cut, and rejects bad options", async () => {
    const huge = Array.from({ length: 20 }, () => LONG).join(" ");
    const { warnings } = await embedder.embed([SHORT, huge]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: "TRUNCATED" });
    expect(warnings[0]!.message).toMatch(/text 1 has/);
    await expect(embedder.embed(SHORT, { pooling: "sum" as "mean" })).rejects.toMatchObject({ code: "INVALID_OPTION" });
    await expect(embedder.embed([])).rejects.toMatchObject({ code: "EMPTY_TEXT" });
  });
});
