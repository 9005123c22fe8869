import * as tf from "@tensorflow/tfjs-core";
import { type AttentionMaskInfo, GLOBAL, PAD } from "../mask.js";
import type { SelfAttentionOutput, SelfAttentionParams } from "../types.js";
import {
  bandBias,
  FLOAT32_MIN,
  globalSlots,
  globalSlotUsed,
  linear,
  mergeHeads,
  queryRowsWhere,
  scatterGlobalRows,
  splitHeads,
} from "./common.js";
import type { AttentionKernel, KernelDims } from "./kernel.js";

/**
 * The plain kernel: HF's maths written with stock tf ops, one relative offset at a time, in HF's order of
 * operations (project, divide the query by sqrt(head_dim), band scores, prepend global keys, float32 softmax,
 * zero padding queries, recompute global rows with the `*_global` projections). Memory O(L * w); slow.
 * Every optimised kernel is tested against it.
 */
export function createReferenceKernel(params: SelfAttentionParams, dims: KernelDims): AttentionKernel {
  const { numHeads: heads, headDim, hiddenSize, w } = dims;
  const span = 2 * w + 1;

  function run(hidden: tf.Tensor3D, mask: AttentionMaskInfo, outputAttentions: boolean): SelfAttentionOutput {
    const { batch, seqLen: len, maxGlobal } = mask;
    const scale = Math.sqrt(headDim);
    return tf.tidy(() => {
      const x = tf.reshape(hidden, [batch * len, hiddenSize]) as tf.Tensor2D; // (B*L, H)
      const q = splitHeads(tf.div(linear(x, params.query), scale), batch, len, heads, headDim); // (B, h, L, D)
      const k = splitHeads(linear(x, params.key), batch, len, heads, headDim); // (B, h, L, D)
      const v = splitHeads(linear(x, params.value), batch, len, heads, headDim); // (B, h, L, D)

      // Band: column o holds key j = i + o - w; pad the key axis by w on both sides so every shift is a slice.
      const kPad = tf.pad(k, [
        [0, 0],
        [0, 0],
        [w, w],
        [0, 0],
      ]); // (B, h, L+2w, D)
      const vPad = tf.pad(v, [
        [0, 0],
        [0, 0],
        [w, w],
        [0, 0],
      ]); // (B, h, L+2w, D)
      const shifted = (t: tf.Tensor4D, o: number) => tf.slice(t, [0, 0, o, 0], [batch, heads, len, headDim]);
      const bandCols: tf.Tensor3D[] = [];
      // Inner tidies free each offset's (B, h, L, D) temporaries at once: peak memory O(L * (w + D)), not O(L * w * D).
      for (let o = 0; o < span; o++) bandCols.push(tf.tidy(() => tf.sum(tf.mul(q, shifted(kPad, o)), -1))); // (B, h, L)
      const band = tf.add(tf.stack(bandCols, -1), bandBias(mask, w)) as tf.Tensor4D; // (B, h, L, 2w+1)

      let scores: tf.Tensor4D = band;
      let vGlobalKeys: tf.Tensor4D | undefined;
      if (maxGlobal > 0) {
        const slots = globalSlots(mask);
        const slotIndex = tf.tensor1d(slots.flat, "int32");
        const kFlat = tf.reshape(tf.transpose(k, [0, 2, 1, 3]), [batch * len, hiddenSize]); // (B*L, H)
        const vFlat = tf.reshape(tf.transpose(v, [0, 2, 1, 3]), [batch * len, hiddenSize]); // (B*L, H)
        const kG = splitHeads(tf.gather(kFlat, slotIndex) as tf.Tensor2D, batch, maxGlobal, heads, headDim); // (B, h, G, D)
        vGlobalKeys = splitHeads(tf.gather(vFlat, slotIndex) as tf.Tensor2D, batch, maxGlobal, heads, headDim); // (B, h, G, D)
        // Global keys are scored with the LOCAL projections; unused slots are set to float32 min (not added).
        const gScores = tf.where(globalSlotUsed(mask), tf.matMul(q, kG, false, true), FLOAT32_MIN); // (B, h, L, G)
        scores = tf.concat([gScores as tf.Tensor4D, band], -1); // (B, h, L, G + 2w + 1)
      }

      const isPadQuery = queryRowsWhere(mask, PAD); // (B, 1, L, 1)
      const probs = tf.where(isPadQuery, 0, tf.softmax(scores, -1)) as tf.Tensor4D; // (B, h, L, G + 2w + 1)

      const bandProbs = tf.slice(probs, [0, 0, 0, maxGlobal], [batch, heads, len, span]); // (B, h, L, 2w+1)
      let context: tf.Tensor4D = tf.zeros([batch, heads, len, headDim]); // (B, h, L, D)
      for (let o = 0; o < span; o++) {
        const previous = context;
        context = tf.tidy(() => {
          const p = tf.slice(bandProbs, [0, 0, 0, o], [batch, heads, len, 1]); // (B, h, L, 1)
          return tf.add(previous, tf.mul(p, shifted(vPad, o)));
        });
        previous.dispose();
      }
      if (vGlobalKeys) {
        const gProbs = tf.slice(probs, [0, 0, 0, 0], [batch, heads, len, maxGlobal]); // (B, h, L, G)
        context = tf.add(context, tf.matMul(gProbs, vGlobalKeys)); // (B, h, L, D)
      }
      let merged = mergeHeads(context); // (B, L, H)

      const out: SelfAttentionOutput = { context: merged };
      if (maxGlobal > 0) {
        const global = globalPath(x, mask); // context (B, G, H), probs (B, h, G, L)
        merged = scatterGlobalRows(merged, global.context, mask);
        out.context = merged;
        if (outputAttentions) out.globalAttentions = tf.transpose(global.probs, [0, 1, 3, 2]); // (B, h, L, G)
      }
      if (outputAttentions) {
        // Rows of global tokens hold filler in HF's local probabilities; HF zeroes them.
        out.attentions = tf.where(queryRowsWhere(mask, GLOBAL), 0, probs) as tf.Tensor4D;
      }
      return out as unknown as tf.TensorContainer;
    }) as unknown as SelfAttentionOutput;
  }

  /** Global rows: `*_global` projections, every non-padding key of the row, float32 softmax. */
  function globalPath(x: tf.Tensor2D, mask: AttentionMaskInfo): { context: tf.Tensor3D; probs: tf.Tensor4D } {
    const { batch, seqLen: len, maxGlobal } = mask;
    const slots = globalSlots(mask);
    const hG = tf.gather(x, tf.tensor1d(slots.flat, "int32")) as tf.Tensor2D; // (B*G, H)
    const qG = splitHeads(tf.div(linear(hG, params.queryGlobal), Math.sqrt(headDim)), batch, maxGlobal, heads, headDim); // (B, h, G, D)
    const kG = splitHeads(linear(x, params.keyGlobal), batch, len, heads, headDim); // (B, h, L, D)
    const vG = splitHeads(linear(x, params.valueGlobal), batch, len, heads, headDim); // (B, h, L, D)
    const keyOk = new Int32Array(batch * maxGlobal * len);
    for (let b = 0; b < batch; b++) {
      for (let g = 0; g < maxGlobal; g++) {
        if (!slots.used[b * maxGlobal + g]) continue; // unused slot: whole row float32 min -> uniform 1/L (HF filler)
        for (let j = 0; j < len; j++) keyOk[(b * maxGlobal + g) * len + j] = mask.merged[b * len + j] === PAD ? 0 : 1;
      }
    }
    const valid = tf.cast(tf.tensor4d(keyOk, [batch, 1, maxGlobal, len], "int32"), "bool"); // (B, 1, G, L)
    const scores = tf.where(valid, tf.matMul(qG, kG, false, true), FLOAT32_MIN); // (B, h, G, L)
    const probs = tf.softmax(scores, -1) as tf.Tensor4D; // (B, h, G, L)
    return { context: mergeHeads(tf.matMul(probs, vG)), probs };
  }

  return { name: "reference", run, dispose: () => {} };
}
