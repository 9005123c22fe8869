/**
 * A checkpoint with a NaN or Infinity weight makes every logit non-finite: the pipelines must say so with a
 * typed error instead of returning a prediction with score NaN (`[PAD]` first, as the issue saw).
 */
import { join } from "node:path";
import { loadWeights } from "@longformer-ts/convert";
import { expectNoTensorLeak, longformerFixturesDir } from "@longformer-ts/test-helpers";
import { LongformerTokenizer } from "@longformer-ts/tokenizer";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  type AnyPipeline,
  createPipeline,
  DocumentClassificationPipeline,
  FillMaskPipeline,
  HeadsError,
  MultipleChoicePipeline,
  type PipelineTask,
  SentenceTaggingPipeline,
} from "../index.js";
import { checkFiniteLogits } from "./finite-output.js";

const modelDir = (name: string) => join(longformerFixturesDir(), "models", name);
const TEXT = "The keeper climbed the stairs. A storm came from the west. The lamp burned all night.";

/** The fixture with every element of one weight replaced by `value` (the encoder's first LayerNorm: all outputs). */
async function poisoned(model: string, value: number, task: PipelineTask): Promise<AnyPipeline> {
  const loaded = await loadWeights(modelDir(model));
  const name = [...loaded.weights.keys()].find((k) => k.endsWith("embeddings.LayerNorm.weight"));
  const tensor = loaded.weights.get(name as string);
  if (!tensor || !(tensor.data instanceof Float32Array)) throw new Error(`no float32 ${name} in ${model}`);
  loaded.weights.set(name as string, { ...tensor, data: new Float32Array(tensor.data.length).fill(value) });
  const tokenizer = await LongformerTokenizer.fromPretrained(modelDir(model));
  return createPipeline(task, loaded, { backend: "cpu", tokenizer });
}

async function run(pipeline: AnyPipeline): Promise<unknown> {
  if (pipeline instanceof FillMaskPipeline) return pipeline.fillMask(`${TEXT} [MASK]`);
  if (pipeline instanceof DocumentClassificationPipeline) return pipeline.classifyDocument([TEXT, TEXT]);
  if (pipeline instanceof SentenceTaggingPipeline) return pipeline.tagSentences(TEXT);
  if (!(pipeline instanceof MultipleChoicePipeline)) throw new Error(`no call for ${pipeline.constructor.name}`);
  return pipeline.answerMultipleChoice({ article: TEXT, question: "Why?", options: ["A storm.", "A party."] });
}

const CASES: Array<[PipelineTask, string, string]> = [
  ["fill-mask", "tiny-mlm", "fillMask"],
  ["document-classification", "tiny-seqcls", "classifyDocument"],
  ["sentence-tagging", "tiny-sentcls", "tagSentences"],
  ["multiple-choice", "tiny-mc", "answerMultipleChoice"],
];

describe.each(CASES)("%s with non-finite weights", (task, model, call) => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY])(
    "is a NON_FINITE_OUTPUT error, never a NaN score (%s)",
    async (value) => {
      const pipeline = await poisoned(model, value, task);
      try {
        await expectNoTensorLeak(tf, async () => {
          const error = await run(pipeline).then(
            (result) => new Error(`resolved with ${JSON.stringify(result).slice(0, 200)}`),
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(HeadsError);
          expect((error as HeadsError).code).toBe("NON_FINITE_OUTPUT");
          expect((error as HeadsError).message).toContain(call);
          expect((error as HeadsError).message).toMatch(/NaN|Infinity/);
        });
      } finally {
        pipeline.dispose();
      }
    },
  );
});

describe("checkFiniteLogits", () => {
  it("counts each kind and names the first bad row", () => {
    const logits = new Float32Array([0, 1, 2, 3, Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 0]);
    const error = (() => {
      try {
        checkFiniteLogits(logits, 2, "classifyDocument", (i) => `text ${i}`);
      } catch (e) {
        return e as HeadsError;
      }
      throw new Error("no error");
    })();
    expect(error.message).toContain("1 NaN, 1 +Infinity, 1 -Infinity of 8 values, the first in text 2");
    expect(() => checkFiniteLogits(new Float32Array([-1e30, 1e30]), 2, "x", String)).not.toThrow();
  });
});
