// Loads HF golden cases and checkpoint weights for the attention golden tests (excluded from the build).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readSafetensors, type WeightMap } from "@longformer-ts/convert";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import type { LinearParams, SelfAttentionParams } from "./types.js";

export interface GoldenOutput {
  key: string;
  shape: number[];
  atol: number;
}

export interface GoldenCase {
  name: string;
  inputs: { input_ids: number[][]; attention_mask: number[][]; global_attention_mask?: number[][] };
  effective_global_attention_mask?: number[][];
  internal_padded_length: number;
  outputs: Record<string, GoldenOutput>;
}

export interface GoldenModel {
  config: Record<string, unknown> & {
    hidden_size: number;
    num_attention_heads: number;
    num_hidden_layers: number;
    attention_window: number[];
    intermediate_size: number;
    layer_norm_eps: number;
  };
  weights: WeightMap;
  cases: GoldenCase[];
  outputs: WeightMap;
}

export function loadGoldenModel(model: string): GoldenModel {
  const root = longformerFixturesDir();
  const read = (path: string) => new Uint8Array(readFileSync(join(root, path)));
  const cases = JSON.parse(readFileSync(join(root, "golden", model, "cases.json"), "utf8")) as { cases: GoldenCase[] };
  return {
    config: JSON.parse(readFileSync(join(root, "models", model, "config.json"), "utf8")),
    weights: readSafetensors(read(join("models", model, "model.safetensors"))).tensors,
    cases: cases.cases,
    outputs: readSafetensors(read(join("golden", model, "outputs.safetensors"))).tensors,
  };
}

export function weightTensor(weights: WeightMap, name: string): tf.Tensor {
  const w = weights.get(name);
  if (!w) throw new Error(`missing weight ${name}`);
  return tf.tensor(w.data as Float32Array, w.shape, "float32");
}

export function selfAttentionParams(weights: WeightMap, layer: number): SelfAttentionParams {
  const linear = (name: string): LinearParams => ({
    weight: weightTensor(weights, `longformer.encoder.layer.${layer}.attention.self.${name}.weight`) as tf.Tensor2D,
    bias: weightTensor(weights, `longformer.encoder.layer.${layer}.attention.self.${name}.bias`) as tf.Tensor1D,
  });
  return {
    query: linear("query"),
    key: linear("key"),
    value: linear("value"),
    queryGlobal: linear("query_global"),
    keyGlobal: linear("key_global"),
    valueGlobal: linear("value_global"),
  };
}

/**
 * The rest of HF's `LongformerLayer` after self-attention (output dense + residual + LayerNorm, exact-GELU
 * feed-forward + residual + LayerNorm): lets the golden `hidden_states.<l+1>` check the attention context.
 */
export function layerTail(
  weights: WeightMap,
  config: GoldenModel["config"],
  layer: number,
  hidden: tf.Tensor3D,
  context: tf.Tensor3D,
): tf.Tensor3D {
  return tf.tidy(() => {
    const p = (name: string) => weightTensor(weights, `longformer.encoder.layer.${layer}.${name}`);
    const linear = (x: tf.Tensor, name: string) =>
      tf.add(tf.matMul(x as tf.Tensor2D, p(`${name}.weight`) as tf.Tensor2D, false, true), p(`${name}.bias`));
    const layerNorm = (x: tf.Tensor, name: string) => {
      const { mean, variance } = tf.moments(x, -1, true);
      const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, config.layer_norm_eps)));
      return tf.add(tf.mul(normed, p(`${name}.weight`)), p(`${name}.bias`));
    };
    const [batch, len, size] = hidden.shape;
    const h = tf.reshape(hidden, [batch * len, size]);
    const attended = layerNorm(
      tf.add(linear(tf.reshape(context, [batch * len, size]), "attention.output.dense"), h),
      "attention.output.LayerNorm",
    );
    const inner = linear(attended, "intermediate.dense");
    const gelu = tf.mul(tf.mul(inner, 0.5), tf.add(1, tf.erf(tf.div(inner, Math.SQRT2))));
    return tf.reshape(layerNorm(tf.add(linear(gelu, "output.dense"), attended), "output.LayerNorm"), [
      batch,
      len,
      size,
    ]) as tf.Tensor3D;
  });
}
