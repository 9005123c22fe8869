import * as tf from "@tensorflow/tfjs-core";
import { type AttentionMaskInfo, GLOBAL, LOCAL, PAD } from "../mask.js";
import type { SelfAttentionOutput, SelfAttentionParams } from "../types.js";
import { FLOAT32_MIN, linear, mergeHeads, queryRowsWhere, splitHeads } from "./common.js";
import type { AttentionKernel, KernelDims } from "./kernel.js";

/**
 * Dense masked attention: full (L, L) score matrices with a mask saying which keys each query may see.
 * A different formulation from HF's banded one (no band, no prepended global columns), so it serves as an
 * independent test oracle and as the quadratic baseline of the benchmark. Memory O(L^2): not for production.
 */
export function createDenseKernel(params: SelfAttentionParams, dims: KernelDims): AttentionKernel {
  const { numHeads: heads, headDim, hiddenSize, w } = dims;

  function run(hidden: tf.Tensor3D, mask: AttentionMaskInfo, outputAttentions: boolean): SelfAttentionOutput {
    const { batch, seqLen: len, maxGlobal } = mask;
    const scale = Math.sqrt(headDim);
    return tf.tidy(() => {
      const { localKeys, globalKeys } = denseMasks(mask, w);
      const x = tf.reshape(hidden, [batch * len, hiddenSize]) as tf.Tensor2D; // (B*L, H)
      const project = (p: typeof params.query) => splitHeads(linear(x, p), batch, len, heads, headDim); // (B, h, L, D)
      const q = tf.div(project(params.query), scale);
      const localScores = tf.where(localKeys, tf.matMul(q, project(params.key), false, true), FLOAT32_MIN); // (B, h, L, L)
      const isPad = queryRowsWhere(mask, PAD); // (B, 1, L, 1)
      const localProbs = tf.where(isPad, 0, tf.softmax(localScores, -1)) as tf.Tensor4D; // (B, h, L, L)
      let context: tf.Tensor4D = tf.matMul(localProbs, project(params.value)); // (B, h, L, D)

      let globalProbs: tf.Tensor4D | undefined;
      if (maxGlobal > 0) {
        const qG = tf.div(project(params.queryGlobal), scale); // every row projected; only global rows are kept
        const scores = tf.where(globalKeys, tf.matMul(qG, project(params.keyGlobal), false, true), FLOAT32_MIN);
        globalProbs = tf.softmax(scores, -1) as tf.Tensor4D; // (B, h, L, L)
        const isGlobal = queryRowsWhere(mask, GLOBAL);
        context = tf.where(isGlobal, tf.matMul(globalProbs, project(params.valueGlobal)), context) as tf.Tensor4D;
      }
      const out: SelfAttentionOutput = { context: mergeHeads(context) };
      if (outputAttentions) {
        out.attentions = toBandLayout(localProbs, mask, w);
        if (globalProbs) out.globalAttentions = toGlobalLayout(globalProbs, mask);
      }
      return out as unknown as tf.TensorContainer;
    }) as unknown as SelfAttentionOutput;
  }

  return { name: "dense", run, dispose: () => {} };
}

/**
 * (B, 1, L, L) booleans. Local queries: keys within `|i - j| <= w` that are local, plus every global key of the
 * row. Global queries (global path): every non-padding key.
 */
function denseMasks(mask: AttentionMaskInfo, w: number): { localKeys: tf.Tensor4D; globalKeys: tf.Tensor4D } {
  const { batch, seqLen: len, merged } = mask;
  const local = new Int32Array(batch * len * len);
  const global = new Int32Array(batch * len * len);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < len; i++) {
      for (let j = 0; j < len; j++) {
        const key = merged[b * len + j];
        const at = (b * len + i) * len + j;
        local[at] = key === GLOBAL || (key === LOCAL && Math.abs(i - j) <= w) ? 1 : 0;
        global[at] = key === PAD ? 0 : 1;
      }
    }
  }
  const toBool = (a: Int32Array) => tf.cast(tf.tensor4d(a, [batch, 1, len, len], "int32"), "bool");
  return { localKeys: toBool(local), globalKeys: toBool(global) };
}

/** (B, h, L, L) local probabilities -> HF's (B, h, L, G + 2w + 1) layout, read off by position. */
function toBandLayout(probs: tf.Tensor4D, mask: AttentionMaskInfo, w: number): tf.Tensor4D {
  const { batch, seqLen: len, maxGlobal, merged } = mask;
  const [, heads] = probs.shape;
  const cols = maxGlobal + 2 * w + 1;
  const rows: tf.Tensor[] = [];
  for (let b = 0; b < batch; b++) {
    const idx = new Int32Array(len * cols);
    const keep = new Int32Array(len * cols);
    const globals = mask.globalIndices[b] ?? [];
    for (let i = 0; i < len; i++) {
      if (merged[b * len + i] !== LOCAL) continue; // padding and global query rows are 0 in HF's output
      for (let c = 0; c < cols; c++) {
        const j = c < maxGlobal ? globals[c] : i + c - maxGlobal - w;
        const inBand = c >= maxGlobal && j !== undefined && j >= 0 && j < len && merged[b * len + j] === LOCAL;
        const isGlobalSlot = c < maxGlobal && j !== undefined;
        if (j !== undefined && (inBand || isGlobalSlot)) {
          idx[i * cols + c] = i * len + j;
          keep[i * cols + c] = 1;
        }
      }
    }
    const flat = tf.reshape(tf.slice(probs, [b, 0, 0, 0], [1, heads, len, len]), [heads, len * len]);
    const picked = tf.gather(flat, tf.tensor1d(idx, "int32"), 1); // (h, L*cols)
    const kept = tf.where(tf.cast(tf.tensor1d(keep, "int32"), "bool"), picked, 0);
    rows.push(tf.reshape(kept, [heads, len, cols]));
  }
  return tf.stack(rows) as tf.Tensor4D;
}

/** (B, h, L, L) global-path probabilities -> HF's (B, h, L, G): column g = row of the g-th global token. */
function toGlobalLayout(probs: tf.Tensor4D, mask: AttentionMaskInfo): tf.Tensor4D {
  const { batch, seqLen: len, maxGlobal } = mask;
  const [, heads] = probs.shape;
  const rows: tf.Tensor[] = [];
  for (let b = 0; b < batch; b++) {
    const globals = mask.globalIndices[b] ?? [];
    const rowProbs = tf.reshape(tf.slice(probs, [b, 0, 0, 0], [1, heads, len, len]), [heads, len, len]);
    const cols: tf.Tensor[] = [];
    for (let g = 0; g < maxGlobal; g++) {
      const pos = globals[g];
      // HF's float32 filler for a slot this row does not use: a softmax over an all-`min` row, 1/L.
      cols.push(
        pos === undefined
          ? tf.fill([heads, len], 1 / len)
          : tf.reshape(tf.slice(rowProbs, [0, pos, 0], [heads, 1, len]), [heads, len]),
      );
    }
    rows.push(tf.stack(cols, -1)); // (h, L, G)
  }
  return tf.stack(rows) as tf.Tensor4D;
}
