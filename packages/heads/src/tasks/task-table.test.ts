import { join } from "node:path";
import { type LoadedWeights, loadWeights } from "@longformer-ts/convert";
import { useBackend } from "@longformer-ts/encoder";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { LongformerTokenizer } from "@longformer-ts/tokenizer";
import { beforeAll, describe, expect, it } from "vitest";
import {
  classForTask,
  createPipeline,
  headTasks,
  LongformerForSequenceClassification,
  supportedArchitectures,
  taskOfArchitectures,
  taskTable,
  UNSUPPORTED_ARCHITECTURES,
} from "../index.js";

const modelDir = (name: string) => join(longformerFixturesDir(), "models", name);

describe("the task table", () => {
  it("is the one inventory: each row's pipeline runs its model class, each architecture names one task", () => {
    expect(headTasks()).toEqual([
      "fill-mask",
      "document-classification",
      "sentence-tagging",
      "multiple-choice",
      "question-answering",
      "token-classification",
      "embeddings",
    ]);
    const seen = new Map<string, string>();
    for (const task of headTasks()) {
      const row = taskTable()[task];
      expect(row.pipeline.modelClass).toBe(row.model);
      expect(classForTask(task)).toBe(row.model.name);
      for (const name of row.architectures) {
        expect(seen.get(name)).toBeUndefined();
        seen.set(name, task);
        expect(taskOfArchitectures([name])).toBe(task);
      }
    }
    expect(supportedArchitectures()).toEqual(Object.fromEntries(seen));
    // HF's heads joined as rows; the embeddings row serves any checkpoint, so no architecture selects it.
    expect(taskOfArchitectures(["LongformerForQuestionAnswering"])).toBe("question-answering");
    expect(taskOfArchitectures(["LongformerForTokenClassification"])).toBe("token-classification");
    expect(taskTable().embeddings.architectures).toEqual([]);
  });

  it("passes loadModel's options to each model as the model names them", () => {
    const options = { pooling: "first", multipleChoicePooling: "last", maxSentenceLength: 8, strict: false } as const;
    expect(taskTable()["multiple-choice"].modelOptions(options)).toEqual({
      strict: false,
      pooling: "last",
      maxSentenceLength: 8,
    });
    expect(taskTable()["document-classification"].modelOptions(options)).toEqual({
      strict: false,
      pooling: "first",
      maxSentenceLength: 8,
    });
    expect(taskTable()["fill-mask"].modelOptions({ ...options, backend: "cpu" })).toEqual({ strict: false });
  });
});

describe("a checkpoint of a head this package does not implement", () => {
  beforeAll(() => useBackend("cpu"));

  // A HAT document classifier's weights saved as another HF head and without HAT's block size: before the
  // table's check, loading it as a document classifier failed on the missing block size instead.
  async function savedAs(architecture: string): Promise<LoadedWeights> {
    const loaded = await loadWeights(modelDir("tiny-seqcls"));
    const { max_sentence_length: _dropped, ...config } = loaded.config as Record<string, unknown>;
    return { ...loaded, config: { ...config, architectures: [architecture] } };
  }

  // HF heads listed as unsupported (until they are rows of the table) and a head nobody knows.
  const otherHeads = [
    ...Object.keys(UNSUPPORTED_ARCHITECTURES).filter(
      (n) => n.startsWith("LongformerFor") && !supportedArchitectures()[n],
    ),
    "LongformerForSpanPrediction",
  ];

  it.each(otherHeads)("%s: createPipeline and fromPretrained name the architecture", async (architecture) => {
    const checkpoint = await savedAs(architecture);
    const tokenizer = await LongformerTokenizer.fromPretrained(modelDir("tiny-seqcls"));
    const expected = {
      name: "ArchitectureError",
      code: "UNSUPPORTED_ARCHITECTURE",
      architectures: [architecture],
      message: expect.stringContaining(`[${architecture}]`),
    };
    await expect(createPipeline("document-classification", checkpoint, { tokenizer })).rejects.toMatchObject(expected);
    await expect(LongformerForSequenceClassification.fromPretrained(checkpoint)).rejects.toMatchObject(expected);
  });

  it("ignoreArchitecture still loads it into the class asked for", async () => {
    const checkpoint = await savedAs("LongformerForQuestionAnswering");
    const model = await LongformerForSequenceClassification.fromPretrained(checkpoint, {
      ignoreArchitecture: true,
      maxSentenceLength: 16,
    });
    expect(model.task).toBe("document-classification");
    model.dispose();
  });
});
