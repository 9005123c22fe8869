import { join } from "node:path";
import { type LoadedWeights, loadWeights, type WeightMap } from "@longformer-ts/convert";
import {
  InputError,
  type LongformerConfig,
  parseLongformerConfig,
  useBackend,
  WeightsError,
} from "@longformer-ts/encoder";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ArchitectureError,
  HeadsError,
  LongformerForMaskedLM,
  LongformerForMultipleChoice,
  LongformerForSentenceClassification,
  LongformerForSequenceClassification,
  loadModel,
  MissingHeadWeightsError,
  type MultipleChoicePooling,
  type Pooling,
} from "../index.js";

interface Checkpoint {
  loaded: LoadedWeights;
  config: LongformerConfig;
  weights: WeightMap;
}

const checkpoints: Record<string, Checkpoint> = {};
const dir = (name: string) => join(longformerFixturesDir(), "models", name);

beforeAll(async () => {
  await useBackend("cpu");
  for (const name of ["tiny-mlm", "tiny-seqcls", "tiny-sentcls", "tiny-mc"]) {
    const loaded = await loadWeights(dir(name));
    checkpoints[name] = { loaded, config: parseLongformerConfig(loaded.config), weights: loaded.weights };
  }
});

const cp = (name: string) => checkpoints[name] as Checkpoint;

/** Runs `fn`, expects it to throw, and checks no tensor was left behind by the failed build. */
function thrown(fn: () => unknown): unknown {
  const before = tf.memory().numTensors;
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, "expected an error").toBeDefined();
  expect(tf.memory().numTensors).toBe(before);
  return error;
}

describe("missing head weights", () => {
  it("a classifier on the MLM checkpoint names the missing weights and says to fine-tune first", () => {
    const { config, weights } = cp("tiny-mlm");
    const error = thrown(() =>
      LongformerForSequenceClassification.fromWeights(config, weights),
    ) as MissingHeadWeightsError;
    expect(error).toBeInstanceOf(MissingHeadWeightsError);
    expect(error).toBeInstanceOf(HeadsError);
    expect(error.code).toBe("MISSING_HEAD_WEIGHTS");
    expect(error.missing).toEqual([
      "sentencizer.dense.weight",
      "sentencizer.dense.bias",
      "pooler.dense.weight",
      "pooler.dense.bias",
      "classifier.weight",
      "classifier.bias",
    ]);
    expect(error.checkpointArchitectures).toEqual(["LongformerForMaskedLM"]);
    expect(error.message).toMatch(/must be fine-tuned first/);
    expect(error.message).toMatch(/classifier\.weight/);
    expect(error.message).toMatch(/load it with LongformerForMaskedLM or loadModel\(\)/);
  });

  it.each([
    [
      "LongformerForSentenceClassification",
      () => LongformerForSentenceClassification.fromWeights(cp("tiny-mlm").config, cp("tiny-mlm").weights),
    ],
    [
      "LongformerForMultipleChoice",
      () => LongformerForMultipleChoice.fromWeights(cp("tiny-mlm").config, cp("tiny-mlm").weights),
    ],
    [
      "LongformerForMaskedLM",
      () => LongformerForMaskedLM.fromWeights(cp("tiny-seqcls").config, cp("tiny-seqcls").weights),
    ],
  ])("%s without its head weights", (head, build) => {
    const error = thrown(build) as MissingHeadWeightsError;
    expect(error).toBeInstanceOf(MissingHeadWeightsError);
    expect(error.head).toBe(head);
    expect(error.missing.length).toBeGreaterThan(0);
  });
});

describe("architecture checks", () => {
  it("refuses a checkpoint saved for another head, unless told to ignore it", () => {
    const { config, weights } = cp("tiny-seqcls");
    const error = thrown(() => LongformerForSentenceClassification.fromWeights(config, weights)) as ArchitectureError;
    expect(error).toBeInstanceOf(ArchitectureError);
    expect(error.code).toBe("ARCHITECTURE_MISMATCH");
    expect(error.architectures).toEqual(["LongformerModelForSequenceClassification"]);
    expect(error.message).toMatch(/LongformerForSequenceClassification or loadModel/);
    // Ignoring the name still meets the strict key check: pooler.* are not read by a sentence classifier.
    const strict = thrown(() =>
      LongformerForSentenceClassification.fromWeights(config, weights, { ignoreArchitecture: true }),
    ) as WeightsError;
    expect(strict).toBeInstanceOf(WeightsError);
    expect(strict.unexpected).toEqual(expect.arrayContaining(["pooler.dense.weight", "pooler.dense.bias"]));
    const loose = LongformerForSentenceClassification.fromWeights(config, weights, {
      ignoreArchitecture: true,
      strict: false,
    });
    expect(loose.labels).toEqual(["LABEL_0", "LABEL_1", "LABEL_2"]);
    loose.dispose();
  });

  it("loadModel rejects unknown or missing architectures with a typed error", async () => {
    const { loaded } = cp("tiny-mlm");
    const bare: LoadedWeights = { ...loaded, config: { ...loaded.config, architectures: ["LongformerModel"] } };
    await expect(loadModel(bare)).rejects.toMatchObject({
      code: "UNSUPPORTED_ARCHITECTURE",
      name: "ArchitectureError",
    });
    await expect(loadModel(bare)).rejects.toThrow(/bare encoder without a task head/);
    // HF's QA head is supported now: an MLM checkpoint relabelled as QA lacks qa_outputs.
    const qa: LoadedWeights = {
      ...loaded,
      config: { ...loaded.config, architectures: ["LongformerForQuestionAnswering"] },
    };
    await expect(loadModel(qa)).rejects.toMatchObject({
      code: "MISSING_HEAD_WEIGHTS",
      missing: ["qa_outputs.weight", "qa_outputs.bias"],
    });
    const none: LoadedWeights = { ...loaded, config: { ...loaded.config, architectures: [] } };
    await expect(loadModel(none)).rejects.toThrow(/no "architectures"/);
    const bert: LoadedWeights = { ...loaded, config: { ...loaded.config, architectures: ["BertForMaskedLM"] } };
    await expect(loadModel(bert)).rejects.toThrow(/no supported head among architectures \[BertForMaskedLM\]/);
  });

  it("recognises HF's multiple-choice head (longformer.pooler + classifier) and says it is not HAT's", () => {
    const { config, weights } = cp("tiny-mc");
    const hf: WeightMap = new Map([...weights].filter(([name]) => !/^(pooler|sentencizer)\./.test(name)));
    const error = thrown(() => LongformerForMultipleChoice.fromWeights(config, hf)) as ArchitectureError;
    expect(error.code).toBe("UNSUPPORTED_ARCHITECTURE");
  });
});

describe("weights, options and inputs", () => {
  it("a classifier whose shape disagrees with id2label is a WeightsError naming the shapes", () => {
    const { config, weights } = cp("tiny-sentcls");
    const twoLabels = parseLongformerConfig({ ...config.raw, id2label: { 0: "A", 1: "B" }, label2id: { A: 0, B: 1 } });
    const error = thrown(() => LongformerForSentenceClassification.fromWeights(twoLabels, weights)) as WeightsError;
    expect(error).toBeInstanceOf(WeightsError);
    expect(error.shapeMismatches).toEqual([
      { name: "classifier.weight", expected: [2, 32], actual: [4, 32] },
      { name: "classifier.bias", expected: [2], actual: [4] },
    ]);
  });

  it("rejects unknown poolings (attentive is not a multiple-choice pooling)", () => {
    const seq = cp("tiny-seqcls");
    const e1 = thrown(() =>
      LongformerForSequenceClassification.fromWeights(seq.config, seq.weights, { pooling: "mean" as Pooling }),
    ) as HeadsError;
    expect(e1.code).toBe("INVALID_OPTION");
    const mc = cp("tiny-mc");
    const e2 = thrown(() =>
      LongformerForMultipleChoice.fromWeights(mc.config, mc.weights, { pooling: "attentive" as MultipleChoicePooling }),
    ) as HeadsError;
    expect(e2.code).toBe("INVALID_OPTION");
    expect(e2.message).toMatch(/"last", "first", "max"/);
  });

  it("needs max_sentence_length for the sentencizer", () => {
    const { config, weights } = cp("tiny-sentcls");
    const { max_sentence_length: _, ...raw } = config.raw;
    const error = thrown(() =>
      LongformerForSentenceClassification.fromWeights(parseLongformerConfig(raw), weights),
    ) as HeadsError;
    expect(error.code).toBe("MISSING_CONFIG_FIELD");
    expect(error.message).toMatch(/max_sentence_length/);
  });

  it("forward rejects bad inputs with typed errors and frees everything", () => {
    const seq = cp("tiny-seqcls");
    const last = LongformerForSequenceClassification.fromWeights(seq.config, seq.weights, { pooling: "last" });
    const mlm = LongformerForMaskedLM.fromWeights(cp("tiny-mlm").config, cp("tiny-mlm").weights);
    const mc = LongformerForMultipleChoice.fromWeights(cp("tiny-mc").config, cp("tiny-mc").weights);
    try {
      const short = thrown(() => last.forward({ inputIds: [[101, 2000, 2001, 102]] })) as HeadsError;
      expect(short.code).toBe("INVALID_INPUT");
      expect(short.message).toMatch(/pooling "last"/);
      const position = thrown(() =>
        mlm.forward({ inputIds: [[101, 103, 102]] }, { positions: [[0, 3]] }),
      ) as HeadsError;
      expect(position.code).toBe("INVALID_INPUT");
      const vocab = thrown(() => mlm.forward({ inputIds: [[101, 40000, 102]] })) as InputError;
      expect(vocab).toBeInstanceOf(InputError);
      expect(vocab.code).toBe("TOKEN_ID_OUT_OF_RANGE");
      const ragged = thrown(() =>
        mc.forward({
          inputIds: [
            [[101, 102]],
            [
              [101, 102],
              [101, 102],
            ],
          ],
        }),
      ) as InputError;
      expect(ragged.code).toBe("RAGGED_INPUT");
      const rank2 = tf.tensor2d([[101, 102]], undefined, "int32");
      const rank = thrown(() => mc.forward({ inputIds: rank2 })) as InputError;
      rank2.dispose();
      expect(rank.code).toBe("INVALID_RANK");
    } finally {
      last.dispose();
      mlm.dispose();
      mc.dispose();
    }
    const disposed = thrown(() => last.forward({ inputIds: [[101, 102]] })) as HeadsError;
    expect(disposed.code).toBe("DISPOSED");
  });
});
