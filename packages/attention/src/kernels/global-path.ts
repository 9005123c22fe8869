import * as tf from "@tensorflow/tfjs-core";
import { type AttentionMaskInfo, PAD } from "../mask.js";
import type { SelfAttentionParams } from "../types.js";
import { FLOAT32_MIN, globalSlots, keepAll } from "./common.js";
import type { KernelDims } from "./kernel.js";

/** What the fast global path derives once from the `*_global` params (tensors owned by the kernel). */
export interface GlobalPathWeights {
  /** query_global.weight^T (in, out): tfjs-wasm runs `transposeB` matMuls ~10x slower, so transpose once. */
  queryKernel: tf.Tensor2D;
  /** key_global.weight^T (in, out). */
  keyKernelT: tf.Tensor2D;
  /** value_global.weight^T (in, out). */
  valueKernel: tf.Tensor2D;
  keyBias: Float32Array;
  valueBias: Float32Array;
}

export function prepareGlobalPathWeights(params: SelfAttentionParams): GlobalPathWeights {
  return {
    ...keepAll(
      tf.tidy(() => ({
        queryKernel: tf.transpose(params.queryGlobal.weight) as tf.Tensor2D,
        keyKernelT: tf.transpose(params.keyGlobal.weight) as tf.Tensor2D,
        valueKernel: tf.transpose(params.valueGlobal.weight) as tf.Tensor2D,
      })),
    ),
    keyBias: params.keyGlobal.bias.dataSync() as Float32Array,
    valueBias: params.valueGlobal.bias.dataSync() as Float32Array,
  };
}

export function disposeGlobalPathWeights(weights: GlobalPathWeights): void {
  tf.dispose([weights.queryKernel, weights.keyKernelT, weights.valueKernel]);
}

export interface GlobalPathResult {
  /** (B*G, H) context rows of the global slots (unused slots hold filler). */
  context: Float32Array;
  /** (B, heads, L, G) HF layout, when requested. */
  probs?: Float32Array;
}

/**
 * In place: scores of one global query over the L keys of its batch row -> float32 softmax over the non-padding
 * keys (padding gets 0). An unused slot is HF's all-`float32 min` row, whose softmax is 1/L everywhere.
 */
export function softmaxGlobalRow(row: Float32Array, merged: Int32Array, base: number, used: boolean): void {
  const len = row.length;
  if (!used) {
    row.fill(1 / len);
    return;
  }
  let max = FLOAT32_MIN;
  for (let j = 0; j < len; j++) if (merged[base + j] !== PAD && (row[j] as number) > max) max = row[j] as number;
  let sum = 0;
  for (let j = 0; j < len; j++) {
    if (merged[base + j] === PAD) {
      row[j] = 0;
      continue;
    }
    const e = Math.exp((row[j] as number) - max);
    row[j] = e;
    sum += e;
  }
  for (let j = 0; j < len; j++) row[j] = (row[j] as number) / sum;
}

/** Writes one global query's probabilities into HF's `globalAttentions` (B, heads, L, G) layout. */
export function writeGlobalProbs(
  probs: Float32Array,
  row: Float32Array,
  at: { b: number; h: number; g: number; heads: number; G: number },
): void {
  const len = row.length;
  const base = (at.b * at.heads + at.h) * len;
  for (let j = 0; j < len; j++) probs[(base + j) * at.G + at.g] = row[j] as number;
}

/**
 * Reads a tensor's values and frees it. (Never `tf.tidy(() => t.dataSync())`: tidy walks its result looking for
 * tensors, element by element for a typed array, which costs ~1 s for half a million floats.)
 */
function readAndDispose(t: tf.Tensor): Float32Array {
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return data;
}

/**
 * Global rows without projecting every token with key_global / value_global (2 * L * H^2 multiply-adds).
 * Per global query g and head h, with W_k, b_k, W_v, b_v the global key/value params restricted to head h:
 *   score(g, j) = q_gh . (W_k x_j + b_k) = (W_k^T q_gh) . x_j + q_gh . b_k
 *   context_gh  = sum_j p_j (W_v x_j + b_v) = W_v (sum_j p_j x_j) + b_v          (sum_j p_j = 1)
 * so the work over the L tokens is two (L, H) x (H, G*heads) matMuls: cheaper while G * heads < H (mini:
 * 8 * 4 = 32 vs 256, ~8x less than projecting keys and values). The big products run as backend matMuls; the
 * small bookkeeping (head blocks, masks, the float32 softmax over every non-padding key) runs on plain arrays,
 * which is cheaper than a dozen tiny tf ops. An unused slot gets an all-`float32 min` row: HF's filler 1/L.
 */
export function globalPath(
  x: tf.Tensor2D,
  mask: AttentionMaskInfo,
  params: SelfAttentionParams,
  weights: GlobalPathWeights,
  dims: KernelDims,
  outputProbs: boolean,
): GlobalPathResult {
  const { batch, seqLen: len, maxGlobal: G, merged } = mask;
  const { numHeads: heads, headDim: D, hiddenSize: H } = dims;
  const slots = globalSlots(mask);
  const GH = G * heads;
  const sqrtD = Math.sqrt(D);

  // q_g = query_global(x_g) / sqrt(D), float32 like HF. (B*G, H)
  const qG = readAndDispose(
    tf.tidy(() =>
      tf.fused.matMul({
        a: tf.gather(x, tf.tensor1d(slots.flat, "int32")),
        b: weights.queryKernel,
        bias: params.queryGlobal.bias,
      }),
    ),
  );
  const probs = outputProbs ? new Float32Array(batch * heads * len * G) : undefined;
  const mixedRows: tf.Tensor2D[] = [];
  for (let b = 0; b < batch; b++) {
    // Column (g*heads + h) of qBlocksT holds q_gh / sqrt(D) in head h's rows. (H, G*heads)
    const qBlocksT = new Float32Array(H * GH);
    const qBias = new Float64Array(GH); // q_gh . b_k
    for (let g = 0; g < G; g++) {
      for (let h = 0; h < heads; h++) {
        let dot = 0;
        for (let d = 0; d < D; d++) {
          const c = h * D + d;
          const q = Math.fround((qG[(b * G + g) * H + c] as number) / sqrtD);
          qBlocksT[c * GH + g * heads + h] = q;
          dot += q * (weights.keyBias[c] as number);
        }
        qBias[g * heads + h] = dot;
      }
    }
    const xb = batch === 1 ? x : tf.slice(x, [b * len, 0], [len, H]); // (L, H)
    // (L, H) @ ((H, H) @ (H, G*heads)): x_j . (W_k^T q_gh) for every token j, as a column per (g, h). (L, G*heads)
    const scores = readAndDispose(
      tf.tidy(() => tf.matMul(xb, tf.matMul(weights.keyKernelT, tf.tensor2d(qBlocksT, [H, GH])))),
    );

    const p = new Float32Array(GH * len); // (G*heads, L)
    for (let g = 0; g < G; g++) {
      const used = slots.used[b * G + g] === 1;
      for (let h = 0; h < heads; h++) {
        const col = g * heads + h;
        const row = p.subarray(col * len, (col + 1) * len);
        for (let j = 0; j < len; j++) row[j] = (scores[j * GH + col] as number) + (qBias[col] as number);
        softmaxGlobalRow(row, merged, b * len, used);
        if (probs) writeGlobalProbs(probs, row, { b, h, g, heads, G });
      }
    }
    mixedRows.push(tf.tidy(() => tf.matMul(tf.tensor2d(p, [GH, len]), xb))); // (G*heads, H): sum_j p_j x_j
    if (xb !== x) xb.dispose();
  }
  // (B*G*heads, H) @ W_v^T: row (b, g, h) keeps only head h's columns, plus b_v.
  const projected = readAndDispose(tf.tidy(() => tf.matMul(tf.concat(mixedRows, 0), weights.valueKernel)));
  tf.dispose(mixedRows);
  const context = new Float32Array(batch * G * H);
  for (let r = 0; r < batch * G; r++) {
    for (let h = 0; h < heads; h++) {
      const src = (r * heads + h) * H + h * D;
      for (let d = 0; d < D; d++)
        context[r * H + h * D + d] = (projected[src + d] as number) + (weights.valueBias[h * D + d] as number);
    }
  }
  return probs ? { context, probs } : { context };
}
