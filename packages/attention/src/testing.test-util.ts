// Shared helpers for this package's tests (excluded from the build).
import { seededRandom as rng, type TestBackend } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { type AttentionMaskInfo, prepareAttentionMask } from "./mask.js";
import type { LinearParams, SelfAttentionOutput, SelfAttentionParams } from "./types.js";

export { BACKENDS } from "@longformer-ts/test-helpers";

export async function useBackend(name: TestBackend): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
}

export function randomArray(n: number, random: () => number, scale: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (random() * 2 - 1) * scale;
  return a;
}

/**
 * Six random projections. The scale makes scores of order 1-10 so softmaxes are far from uniform (a
 * wrong key set or a missed mask shows up as a large error) yet not one-hot.
 */
export function randomParams(hidden: number, seed: number): SelfAttentionParams {
  const random = rng(seed);
  const scale = 2 / Math.sqrt(hidden);
  const linear = (): LinearParams => ({
    weight: tf.tensor2d(randomArray(hidden * hidden, random, scale), [hidden, hidden]),
    bias: tf.tensor1d(randomArray(hidden, random, 0.5)),
  });
  return {
    query: linear(),
    key: linear(),
    value: linear(),
    queryGlobal: linear(),
    keyGlobal: linear(),
    valueGlobal: linear(),
  };
}

export function disposeParams(p: SelfAttentionParams): void {
  for (const l of Object.values(p) as LinearParams[]) tf.dispose([l.weight, l.bias]);
}

export function randomHidden(batch: number, len: number, hidden: number, seed: number): tf.Tensor3D {
  return tf.tensor3d(randomArray(batch * len * hidden, rng(seed), 2), [batch, len, hidden]);
}

export interface RowSpec {
  /** Number of real tokens at the start of the row (the rest is padding). */
  realLength: number;
  /** Positions with global attention (positions in the padding are ignored by the merge, as in HF). */
  global: number[];
}

export function maskFromRows(rows: RowSpec[], len: number): AttentionMaskInfo {
  const am = new Int32Array(rows.length * len);
  const gm = new Int32Array(rows.length * len);
  rows.forEach((row, b) => {
    for (let i = 0; i < Math.min(row.realLength, len); i++) am[b * len + i] = 1;
    for (const g of row.global) gm[b * len + g] = 1;
  });
  return prepareAttentionMask(am, gm, rows.length, len);
}

export interface Plain {
  shape: number[];
  data: Float32Array;
}

export function plain(t: tf.Tensor): Plain {
  return { shape: t.shape.slice(), data: t.dataSync() as Float32Array };
}

/** Reads every output to plain arrays and disposes the tensors. */
export function readOutput(out: SelfAttentionOutput): { context: Plain; attentions?: Plain; globalAttentions?: Plain } {
  const result: { context: Plain; attentions?: Plain; globalAttentions?: Plain } = { context: plain(out.context) };
  if (out.attentions) result.attentions = plain(out.attentions);
  if (out.globalAttentions) result.globalAttentions = plain(out.globalAttentions);
  const tensors: tf.Tensor[] = [out.context];
  if (out.attentions) tensors.push(out.attentions);
  if (out.globalAttentions) tensors.push(out.globalAttentions);
  tf.dispose(tensors);
  return result;
}

export { rng };
