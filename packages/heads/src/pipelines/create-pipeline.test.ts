import { join } from "node:path";
import { loadWeights } from "@longformer-ts/convert";
import { useBackend } from "@longformer-ts/encoder";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { LongformerTokenizer } from "@longformer-ts/tokenizer";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createPipeline,
  DocumentClassificationPipeline,
  FillMaskPipeline,
  MissingHeadWeightsError,
  MultipleChoicePipeline,
  type PipelineTask,
  SentenceTaggingPipeline,
} from "../index.js";
import { KERNEL } from "../testing/golden.test-util.js";

const modelDir = (name: string) => join(longformerFixturesDir(), "models", name);

describe("createPipeline", () => {
  beforeAll(() => useBackend("wasm"));

  it.each([
    ["fill-mask", "tiny-mlm", FillMaskPipeline],
    ["document-classification", "tiny-seqcls", DocumentClassificationPipeline],
    ["sentence-tagging", "tiny-sentcls", SentenceTaggingPipeline],
    ["multiple-choice", "tiny-mc", MultipleChoicePipeline],
  ] as const)("%s loads model + tokenizer from %s and frees every tensor on dispose", async (task, dir, cls) => {
    const before = tf.memory().numTensors;
    const pipe = await createPipeline(task, modelDir(dir), { kernel: KERNEL });
    expect(pipe).toBeInstanceOf(cls);
    expect((pipe.model as { task?: string }).task).toBe(task);
    expect(pipe.tokenizer.maskTokenId).toBe(103);
    pipe.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("a task head on a checkpoint without it explains that the head must be fine-tuned", async () => {
    const error = await createPipeline("document-classification", modelDir("tiny-mlm")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingHeadWeightsError);
    expect((error as Error).message).toMatch(/must be fine-tuned first/);
  });

  it("unknown tasks, and sources without a tokenizer directory, are typed errors", async () => {
    await expect(createPipeline("summarization" as PipelineTask, modelDir("tiny-mlm"))).rejects.toMatchObject({
      code: "UNKNOWN_TASK",
    });
    const loaded = await loadWeights(modelDir("tiny-mlm"));
    await expect(createPipeline("fill-mask", loaded)).rejects.toMatchObject({ code: "NO_TOKENIZER" });
    const tokenizer = await LongformerTokenizer.fromPretrained(modelDir("tiny-mlm"));
    const fill = await createPipeline("fill-mask", loaded, { tokenizer, kernel: KERNEL });
    const result = await fill.fillMask("The keeper lit the [MASK] at dusk.", { topK: 2 });
    expect(result.masks[0]!.predictions).toHaveLength(2);
    fill.dispose();
  });

  it("pipelines refuse to run after dispose", async () => {
    const fill = await FillMaskPipeline.fromPretrained(modelDir("tiny-mlm"), { kernel: KERNEL });
    fill.dispose();
    await expect(fill.fillMask("a [MASK] b")).rejects.toMatchObject({ code: "DISPOSED" });
  });
});
