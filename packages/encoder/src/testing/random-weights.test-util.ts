import type { WeightMap } from "@longformer-ts/convert";
import { seededRandom } from "@longformer-ts/test-helpers";
import type { LongformerConfig } from "../config/longformer-config.js";
import { LongformerModel } from "../model/longformer-model.js";

/**
 * Random float32 weights for every tensor `LongformerModel` reads: matrices ~ U(-1, 1) / sqrt(fan_in) (so
 * activations stay O(1) through the layers), LayerNorm weights near 1, biases and embeddings small.
 */
export function randomLongformerWeights(
  config: LongformerConfig,
  options: { seed?: number; prefix?: string; pooler?: boolean } = {},
): WeightMap {
  const rand = seededRandom(options.seed ?? 1);
  const weights: WeightMap = new Map();
  for (const spec of LongformerModel.weightSpecs(config, { prefix: options.prefix ?? "", pooler: options.pooler })) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    const isLayerNormWeight = /LayerNorm\.weight$/.test(spec.name);
    const scale = spec.shape.length === 2 && !spec.name.includes("embeddings") ? 1 / Math.sqrt(spec.shape[1]!) : 0.5;
    for (let i = 0; i < size; i++) data[i] = (isLayerNormWeight ? 1 : 0) + (rand() * 2 - 1) * scale;
    weights.set(spec.name, { dtype: "float32", shape: [...spec.shape], data });
  }
  return weights;
}

export { seededRandom };
