import type { WeightMap } from "@longformer-ts/convert";
import { beforeAll, describe, expect, it } from "vitest";
import { useBackend } from "../backend.js";
import { parseLongformerConfig } from "../config/parse-config.js";
import { WeightReader, type WeightSpec } from "../weights/weight-reader.js";
import { LongformerAttention } from "./attention.js";
import { LongformerEmbeddings } from "./embeddings.js";
import { LongformerIntermediate, LongformerOutput } from "./feed-forward.js";
import { LongformerLayer } from "./layer.js";
import { LayerNorm } from "./layer-norm.js";
import { Linear } from "./linear.js";
import { LongformerPooler } from "./pooler.js";
import { LongformerSelfOutput } from "./self-output.js";

const config = parseLongformerConfig({
  model_type: "longformer",
  hidden_size: 8,
  num_attention_heads: 2,
  intermediate_size: 12,
  num_hidden_layers: 1,
  attention_window: [4],
  vocab_size: 11,
  max_position_embeddings: 20,
});

/** A checkpoint holding exactly `specs`, zero-filled. */
function readerFor(specs: readonly WeightSpec[]): WeightReader {
  const weights: WeightMap = new Map();
  for (const { name, shape } of specs) {
    weights.set(name, {
      dtype: "float32",
      shape: [...shape],
      data: new Float32Array(shape.reduce((a, b) => a * b, 1)),
    });
  }
  return new WeightReader(weights);
}

type Module = { dispose(): void };
const MODULES: Array<[string, (prefix: string) => WeightSpec[], (reader: WeightReader, prefix: string) => Module]> = [
  [
    "LongformerEmbeddings",
    (p) => LongformerEmbeddings.weightSpecs(config, p),
    (r, p) => new LongformerEmbeddings(config, r, p),
  ],
  [
    "LongformerSelfOutput",
    (p) => LongformerSelfOutput.weightSpecs(config, p),
    (r, p) => new LongformerSelfOutput(config, r, p),
  ],
  [
    "LongformerAttention",
    (p) => LongformerAttention.weightSpecs(config, p),
    (r, p) => new LongformerAttention(config, r, p, 0),
  ],
  [
    "LongformerIntermediate",
    (p) => LongformerIntermediate.weightSpecs(config, p),
    (r, p) => new LongformerIntermediate(config, r, p),
  ],
  ["LongformerOutput", (p) => LongformerOutput.weightSpecs(config, p), (r, p) => new LongformerOutput(config, r, p)],
  ["LongformerLayer", (p) => LongformerLayer.weightSpecs(config, p), (r, p) => new LongformerLayer(config, r, p, 0)],
  ["LongformerPooler", (p) => LongformerPooler.weightSpecs(config, p), (r, p) => new LongformerPooler(config, r, p)],
];

describe("each module reads exactly the weights its weightSpecs lists", () => {
  beforeAll(() => useBackend("cpu"));

  it.each(MODULES)("%s", (_name, specs, build) => {
    const listed = specs("m.");
    const reader = readerFor(listed);
    const module = build(reader, "m.");
    expect(reader.usedNames()).toEqual(listed.map((s) => s.name).sort());
    module.dispose();
  });

  it("Linear and LayerNorm read the tensors their parts name, shaped as their weightSpecs say", () => {
    const linear = { name: "proj", inFeatures: 3, outFeatures: 5, bias: false };
    const norm = { name: "norm", size: 3, eps: 1e-5 };
    expect(Linear.weightSpecs(linear)).toEqual([{ name: "proj.weight", shape: [5, 3] }]);
    expect(LayerNorm.weightSpecs(norm)).toEqual([
      { name: "norm.weight", shape: [3] },
      { name: "norm.bias", shape: [3] },
    ]);
    const reader = readerFor([...Linear.weightSpecs(linear), ...LayerNorm.weightSpecs(norm)]);
    const built = [Linear.fromReader(reader, linear), LayerNorm.fromReader(reader, norm)];
    expect(reader.unusedNames()).toEqual([]);
    expect(built[0]).toMatchObject({ inFeatures: 3, outFeatures: 5 });
    for (const module of built) module.dispose();
  });
});
