import { alignedLayout, matmul, roundUp, type SimdArena, scaleRows, softmaxRows, transpose } from "@longformer-ts/simd";
import * as tf from "@tensorflow/tfjs-core";
import { type AttentionMaskInfo, PAD } from "../mask.js";
import type { SelfAttentionParams } from "../types.js";
import { globalSlots } from "./common.js";
import { type GlobalPathResult, type GlobalPathWeights, writeGlobalProbs } from "./global-path.js";
import type { KernelDims } from "./kernel.js";

/**
 * `globalPath` in the SIMD module: the same reassociated products (see there), run by its 4 x 8 matmul, on
 * tfjs-wasm's heap in place or on copies in the module's memory (`cpu`). tfjs-wasm runs these small
 * products (32 rows at the mini shape) as `BatchMatMul` at ~2 GFLOP/s, or as XNNPACK matMuls that repack a
 * fresh operand every call, tfjs-cpu in plain JS; here they cost ~1 ms per layer. Needs the hidden size and
 * head size to be multiples of 8 (whole SIMD blocks); returns `null` otherwise and the caller takes
 * `globalPath`.
 */
export function globalPathSimd(
  arena: SimdArena,
  x: tf.Tensor2D,
  mask: AttentionMaskInfo,
  params: SelfAttentionParams,
  weights: GlobalPathWeights,
  dims: KernelDims,
  outputProbs: boolean,
): GlobalPathResult | null {
  const { batch, seqLen: len, maxGlobal: G, merged } = mask;
  const { numHeads: heads, headDim: D, hiddenSize: H } = dims;
  if (H % 8 !== 0 || D % 8 !== 0) return null;
  const slots = globalSlots(mask);
  const Gp = roundUp(G, 4); // global rows per head, whole 4-row blocks
  const Lp = roundUp(len, 8); // score columns, whole 8-column blocks
  const R = heads * Gp; // rows (h, g) of the per-head products
  const at = alignedLayout({ q: Gp * H, u: R * H, xt: H * Lp, s: R * Lp, m: R * H, c: Gp * H, bias: Lp });

  // q_g = query_global(x_g) (B*G, H), by the backend.
  const qG = tf.tidy(() =>
    tf.fused.matMul({
      a: tf.gather(x, tf.tensor1d(slots.flat, "int32")),
      b: weights.queryKernel,
      bias: params.queryGlobal.bias,
    }),
  );
  try {
    // Every pointer before any view: placing and reserving may grow the memory.
    const xPtr = arena.place(x);
    const qPtr = arena.place(qG);
    const keyW = arena.place(params.keyGlobal.weight); // (out, in): head h's rows are a (D, H) block
    const valueWT = arena.place(weights.valueKernel); // (in, out)
    const base = arena.reserve(at.end / 4);
    const simd = arena.wasm;
    const ptr = (name: keyof typeof at) => base + at[name];
    const row4 = H * 4;
    const q = arena.f32(ptr("q"), Gp * H);
    const s = arena.f32(ptr("s"), R * Lp);
    const c = arena.f32(ptr("c"), Gp * H);
    const bias = arena.f32(ptr("bias"), Lp); // 0 for the keys of the row, -inf for padding and past L
    const probs = outputProbs ? new Float32Array(batch * heads * len * G) : undefined;
    const context = new Float32Array(batch * G * H);
    for (let b = 0; b < batch; b++) {
      const xb = xPtr + b * len * row4; // (L, H)
      q.fill(0);
      // q / sqrt(D), float32 like HF
      scaleRows(simd, {
        src: qPtr + b * G * row4,
        srcRowBytes: row4,
        rows: G,
        cols: H,
        divisor: Math.sqrt(D),
        dst: ptr("q"),
        dstRowBytes: row4,
      });
      // u_gh = W_k[head h]^T q_gh (H): row (h, g) of u
      for (let h = 0; h < heads; h++) {
        const [qHead, keyHead, uHead] = [ptr("q") + h * D * 4, keyW + h * D * row4, ptr("u") + h * Gp * row4];
        matmul(simd, {
          a: qHead,
          aRowBytes: row4,
          b: keyHead,
          bRowBytes: row4,
          c: uHead,
          cRowBytes: row4,
          rows: Gp,
          cols: H,
          inner: D,
        });
      }
      // scores = u x^T: x transposed into (H, Lp), zero past L
      arena.f32(ptr("xt"), H * Lp).fill(0);
      transpose(simd, { src: xb, srcRowBytes: row4, rows: len, cols: H, dst: ptr("xt"), dstRowBytes: Lp * 4 });
      const [u, xt, sc] = [ptr("u"), ptr("xt"), ptr("s")];
      matmul(simd, {
        a: u,
        aRowBytes: row4,
        b: xt,
        bRowBytes: Lp * 4,
        c: sc,
        cRowBytes: Lp * 4,
        rows: R,
        cols: Lp,
        inner: H,
      });
      for (let h = 0; h < heads; h++) {
        for (let g = 0; g < G; g++) {
          let qBias = 0; // q_gh . b_k
          for (let d = h * D; d < (h + 1) * D; d++) qBias += (q[g * H + d] as number) * (weights.keyBias[d] as number);
          const row = s.subarray((h * Gp + g) * Lp, (h * Gp + g) * Lp + len);
          for (let j = 0; j < len; j++) row[j] = (row[j] as number) + qBias;
        }
      }
      bias.fill(Number.NEGATIVE_INFINITY);
      for (let j = 0; j < len; j++) if (merged[b * len + j] !== PAD) bias[j] = 0;
      softmaxRows(simd, { scores: ptr("s"), rowBytes: Lp * 4, rows: R, cols: Lp, bias: ptr("bias") });
      for (let h = 0; h < heads; h++) {
        for (let g = 0; g < G; g++) {
          const row = s.subarray((h * Gp + g) * Lp, (h * Gp + g) * Lp + len);
          if (slots.used[b * G + g] !== 1) row.fill(1 / len); // HF's all-`float32 min` filler row
          if (probs) writeGlobalProbs(probs, row, { b, h, g, heads, G });
        }
      }
      // m_gh = sum_j p_j x_j (rows (h, g)), then context_g[head h] = W_v[head h] m_gh + b_v
      matmul(simd, {
        a: sc,
        aRowBytes: Lp * 4,
        b: xb,
        bRowBytes: row4,
        c: ptr("m"),
        cRowBytes: row4,
        rows: R,
        cols: H,
        inner: len,
      });
      for (let h = 0; h < heads; h++) {
        const [mHead, valueHead, cHead] = [ptr("m") + h * Gp * row4, valueWT + h * D * 4, ptr("c") + h * D * 4];
        matmul(simd, {
          a: mHead,
          aRowBytes: row4,
          b: valueHead,
          bRowBytes: row4,
          c: cHead,
          cRowBytes: row4,
          rows: Gp,
          cols: D,
          inner: H,
        });
      }
      for (let g = 0; g < G; g++) {
        for (let k = 0; k < H; k++)
          context[(b * G + g) * H + k] = (c[g * H + k] as number) + (weights.valueBias[k] as number);
      }
    }
    return probs ? { context, probs } : { context };
  } finally {
    arena.release();
    qG.dispose();
  }
}
