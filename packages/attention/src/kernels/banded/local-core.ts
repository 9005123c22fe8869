import { LOCAL } from "../../mask.js";

/** Inputs of the banded local attention over plain arrays (no tf), shared by the JS and wasm cores. */
export interface LocalCoreArgs {
  /** (B*L, 3H) projected rows `[query | key | value]`, query not yet divided by sqrt(D). */
  qkv: Float32Array;
  batch: number;
  len: number;
  heads: number;
  headDim: number;
  w: number;
  /** (B*L) merged mask: 0 padding, 1 local, 2 global. */
  merged: Int32Array;
  globalIndices: number[][];
  maxGlobal: number;
  /** (B*L, H) output, zero-filled by the caller; the core writes the rows of local queries only. */
  context: Float32Array;
  /** (B, heads, L, G + 2w + 1) HF-layout probabilities, written for local query rows when given (else skipped). */
  probs?: Float32Array;
}

/**
 * Banded attention of every local (non-global, non-padding) query in plain JS: for query i, the keys are the
 * row's global tokens (prepended, local projections) and the local tokens j with |i - j| <= w. Exactly the key
 * set HF's masked softmax leaves nonzero, so the masked keys never need to be scored. O(L * w) time and memory.
 */
export function bandedLocalJs(args: LocalCoreArgs): void {
  const { qkv, batch, len, heads, headDim: D, w, merged, maxGlobal: G, context, probs } = args;
  const H = heads * D;
  const stride = 3 * H;
  const cols = G + 2 * w + 1;
  const invScale = 1 / Math.sqrt(D);
  const q = new Float32Array(D); // scaled query, float32 like HF's `query / sqrt(D)`
  const keys = new Int32Array(cols); // row index (b*L + j) of each scored key
  const slot = new Int32Array(cols); // column in HF's layout of each scored key
  const scores = new Float64Array(cols);
  const acc = new Float64Array(D);

  for (let b = 0; b < batch; b++) {
    const rowBase = b * len;
    const globals = args.globalIndices[b] ?? [];
    for (let i = 0; i < len; i++) {
      if (merged[rowBase + i] !== LOCAL) continue; // padding: zero context; global: recomputed elsewhere
      // Key set of query i (same for every head).
      let n = 0;
      for (let g = 0; g < globals.length; g++) {
        keys[n] = rowBase + (globals[g] as number);
        slot[n++] = g;
      }
      const jFrom = Math.max(0, i - w);
      const jTo = Math.min(len - 1, i + w);
      for (let j = jFrom; j <= jTo; j++) {
        if (merged[rowBase + j] !== LOCAL) continue; // global keys are already prepended, padding never scored
        keys[n] = rowBase + j;
        slot[n++] = G + j - i + w;
      }
      const qRow = (rowBase + i) * stride;
      for (let h = 0; h < heads; h++) {
        const qOff = qRow + h * D;
        for (let d = 0; d < D; d++) q[d] = (qkv[qOff + d] as number) * invScale;
        const kOff = H + h * D;
        let max = Number.NEGATIVE_INFINITY;
        for (let t = 0; t < n; t++) {
          const k = (keys[t] as number) * stride + kOff;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          let d = 0;
          for (; d + 3 < D; d += 4) {
            s0 += (q[d] as number) * (qkv[k + d] as number);
            s1 += (q[d + 1] as number) * (qkv[k + d + 1] as number);
            s2 += (q[d + 2] as number) * (qkv[k + d + 2] as number);
            s3 += (q[d + 3] as number) * (qkv[k + d + 3] as number);
          }
          for (; d < D; d++) s0 += (q[d] as number) * (qkv[k + d] as number);
          const s = s0 + s1 + s2 + s3;
          scores[t] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let t = 0; t < n; t++) {
          const e = Math.exp((scores[t] as number) - max);
          scores[t] = e;
          sum += e;
        }
        const inv = 1 / sum;
        acc.fill(0);
        const vOff = 2 * H + h * D;
        for (let t = 0; t < n; t++) {
          const p = (scores[t] as number) * inv;
          const v = (keys[t] as number) * stride + vOff;
          for (let d = 0; d < D; d++) acc[d] = (acc[d] as number) + p * (qkv[v + d] as number);
        }
        const out = (rowBase + i) * H + h * D;
        for (let d = 0; d < D; d++) context[out + d] = acc[d] as number;
        if (probs) {
          const pRow = ((b * heads + h) * len + i) * cols;
          for (let t = 0; t < n; t++) probs[pRow + (slot[t] as number)] = (scores[t] as number) * inv;
        }
      }
    }
  }
}
