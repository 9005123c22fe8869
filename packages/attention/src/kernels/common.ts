import * as tf from "@tensorflow/tfjs-core";
import { type AttentionMaskInfo, LOCAL } from "../mask.js";
import type { LinearParams } from "../types.js";

/** `torch.finfo(torch.float32).min`: HF masks with this finite value, not `-inf`. */
/**
 * Marks weights a kernel derives once (fused, transposed) as kept. Kernels are built lazily on the first call,
 * which often runs inside the caller's `tf.tidy`: without this, that scope would free them after one forward.
 */
export function keepAll<T extends Record<string, tf.Tensor>>(tensors: T): T {
  for (const t of Object.values(tensors)) tf.keep(t);
  return tensors;
}

export const FLOAT32_MIN = -3.4028234663852886e38;

/** PyTorch `nn.Linear` on rows: x (N, in) -> (N, out) = x W^T + b. */
export function linear(x: tf.Tensor2D, p: LinearParams): tf.Tensor2D {
  return tf.add(tf.matMul(x, p.weight, false, true), p.bias);
}

/** (B*L, heads*D) -> (B, heads, L, D). */
export function splitHeads(x: tf.Tensor2D, batch: number, len: number, heads: number, headDim: number): tf.Tensor4D {
  return tf.transpose(tf.reshape(x, [batch, len, heads, headDim]), [0, 2, 1, 3]);
}

/** (B, heads, L, D) -> (B, L, heads*D). */
export function mergeHeads(x: tf.Tensor4D): tf.Tensor3D {
  const [batch, heads, len, headDim] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [batch, len, heads * headDim]);
}

/**
 * Global slot table: `flat[b*G + g]` = `b*L + position` of row b's g-th global token (slot unused -> row b's
 * position 0, a harmless filler), `used[b*G + g]` = 1 when the slot holds a real global token.
 */
export function globalSlots(mask: AttentionMaskInfo): { flat: Int32Array; used: Int32Array } {
  const { batch, seqLen, maxGlobal } = mask;
  const flat = new Int32Array(batch * maxGlobal);
  const used = new Int32Array(batch * maxGlobal);
  for (let b = 0; b < batch; b++) {
    const row = mask.globalIndices[b] ?? [];
    for (let g = 0; g < maxGlobal; g++) {
      const pos = row[g];
      flat[b * maxGlobal + g] = b * seqLen + (pos ?? 0);
      used[b * maxGlobal + g] = pos === undefined ? 0 : 1;
    }
  }
  return { flat, used };
}

/**
 * Additive mask of the band scores, (B, 1, L, 2w+1): column `o` is key `j = i + o - w`. 0 for a local
 * non-padding key, float32 min for a padding or global key (HF adds `finfo.min`), -inf where `j` is outside the
 * sequence (HF's `_mask_invalid_locations`).
 */
export function bandBias(mask: AttentionMaskInfo, w: number): tf.Tensor4D {
  const { batch, seqLen } = mask;
  const span = 2 * w + 1;
  const bias = new Float32Array(batch * seqLen * span);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < seqLen; i++) {
      const base = (b * seqLen + i) * span;
      for (let o = 0; o < span; o++) {
        const j = i + o - w;
        if (j < 0 || j >= seqLen) bias[base + o] = Number.NEGATIVE_INFINITY;
        else if (mask.merged[b * seqLen + j] !== LOCAL) bias[base + o] = FLOAT32_MIN;
      }
    }
  }
  return tf.tensor4d(bias, [batch, 1, seqLen, span]);
}

/** (B, 1, L, 1) boolean: query rows whose merged mask equals `value`. */
export function queryRowsWhere(mask: AttentionMaskInfo, value: number): tf.Tensor4D {
  const flags = new Int32Array(mask.merged.length);
  for (let i = 0; i < flags.length; i++) flags[i] = mask.merged[i] === value ? 1 : 0;
  return tf.cast(tf.tensor4d(flags, [mask.batch, 1, mask.seqLen, 1], "int32"), "bool");
}

/**
 * Replaces the context rows of global tokens by the global path's result.
 * local (B, L, H), global (B, G, H) -> (B, L, H); row b position i takes global slot g when it is row b's g-th
 * global token.
 */
export function scatterGlobalRows(local: tf.Tensor3D, global: tf.Tensor3D, mask: AttentionMaskInfo): tf.Tensor3D {
  const { batch, seqLen, maxGlobal } = mask;
  const hidden = local.shape[2];
  const stride = seqLen + maxGlobal;
  const pick = new Int32Array(batch * seqLen);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < seqLen; i++) pick[b * seqLen + i] = b * stride + i;
    const row = mask.globalIndices[b] ?? [];
    row.forEach((pos, g) => {
      pick[b * seqLen + pos] = b * stride + seqLen + g;
    });
  }
  const both = tf.reshape(tf.concat([local, global], 1), [batch * stride, hidden]); // (B*(L+G), H)
  return tf.reshape(tf.gather(both, tf.tensor1d(pick, "int32")), [batch, seqLen, hidden]);
}

/** (B, 1, 1, G) boolean: which global slots of each row hold a real global token. */
export function globalSlotUsed(mask: AttentionMaskInfo): tf.Tensor4D {
  const { used } = globalSlots(mask);
  return tf.cast(tf.tensor4d(used, [mask.batch, 1, 1, mask.maxGlobal], "int32"), "bool");
}
