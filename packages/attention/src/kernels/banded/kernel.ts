import * as tf from "@tensorflow/tfjs-core";
import type { AttentionMaskInfo } from "../../mask.js";
import type { SelfAttentionOutput, SelfAttentionParams } from "../../types.js";
import { keepAll } from "../common.js";
import { disposeGlobalPathWeights, globalPath, prepareGlobalPathWeights } from "../global-path.js";
import type { AttentionKernel, KernelDims, KernelFactory } from "../kernel.js";
import type { LocalCoreArgs } from "./local-core.js";

/**
 * Production kernel: one fused (H, 3H) projection matMul (the only big op, run by the backend), the banded
 * local attention on plain arrays by `core` (exact key set, no L x L and no wasted band work), the global rows
 * through the reassociated global path, then one tensor for the context.
 */
export function bandedKernelFactory(name: string, core: (args: LocalCoreArgs) => void): KernelFactory {
  return (params: SelfAttentionParams, dims: KernelDims): AttentionKernel => {
    const { numHeads: heads, headDim, hiddenSize: H, w } = dims;
    const fused = keepAll(
      tf.tidy(() => ({
        // (in, 3*out): [W_q^T | W_k^T | W_v^T], pre-transposed for the fast non-transposed matMul path.
        kernel: tf.transpose(
          tf.concat([params.query.weight, params.key.weight, params.value.weight], 0),
        ) as tf.Tensor2D,
        bias: tf.concat([params.query.bias, params.key.bias, params.value.bias]) as tf.Tensor1D,
      })),
    );
    const globalWeights = prepareGlobalPathWeights(params);

    function run(hidden: tf.Tensor3D, mask: AttentionMaskInfo, outputAttentions: boolean): SelfAttentionOutput {
      const { batch, seqLen: len, maxGlobal: G } = mask;
      const cols = G + 2 * w + 1;
      const x = tf.reshape(hidden, [batch * len, H]) as tf.Tensor2D; // (B*L, H)
      try {
        const qkvTensor = tf.fused.matMul({ a: x, b: fused.kernel, bias: fused.bias }); // (B*L, 3H)
        const qkv = qkvTensor.dataSync() as Float32Array;
        qkvTensor.dispose();
        const context = new Float32Array(batch * len * H); // (B*L, H), padding rows stay 0
        const probs = outputAttentions ? new Float32Array(batch * heads * len * cols) : undefined; // (B, h, L, cols)
        core({
          qkv,
          batch,
          len,
          heads,
          headDim,
          w,
          merged: mask.merged,
          globalIndices: mask.globalIndices,
          maxGlobal: G,
          context,
          ...(probs ? { probs } : {}),
        });

        const out: Partial<SelfAttentionOutput> = {};
        if (G > 0) {
          const global = globalPath(x, mask, params, globalWeights, dims, outputAttentions);
          const rows = global.context; // (B*G, H)
          mask.globalIndices.forEach((positions, b) => {
            positions.forEach((pos, g) => {
              context.set(rows.subarray((b * G + g) * H, (b * G + g + 1) * H), (b * len + pos) * H);
            });
          });
          if (global.probs) out.globalAttentions = tf.tensor4d(global.probs, [batch, heads, len, G]);
        }
        out.context = tf.tensor3d(context, [batch, len, H]);
        if (probs) out.attentions = tf.tensor4d(probs, [batch, heads, len, cols]);
        return out as SelfAttentionOutput;
      } finally {
        x.dispose();
      }
    }

    return {
      name,
      run,
      dispose: () => {
        tf.dispose([fused.kernel, fused.bias]);
        disposeGlobalPathWeights(globalWeights);
      },
    };
  };
}
