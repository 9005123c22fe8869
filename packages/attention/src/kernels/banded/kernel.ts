import { heapArena, ownMemoryArena, tfjsWasmHeap } from "@longformer-ts/simd";
import * as tf from "@tensorflow/tfjs-core";
import type { AttentionMaskInfo } from "../../mask.js";
import type { SelfAttentionOutput, SelfAttentionParams } from "../../types.js";
import { keepAll } from "../common.js";
import { disposeGlobalPathWeights, globalPath, prepareGlobalPathWeights } from "../global-path.js";
import { globalPathSimd } from "../global-path-simd.js";
import type { AttentionKernel, KernelDims, KernelFactory } from "../kernel.js";
import type { LocalCoreArgs } from "./local-core.js";
import { bandedScratchFloats, type CoreShape, runBandedLocal } from "./wasm-core.js";

/** Copies the global path's rows (B*G, H) over the context rows (B*L, H) of the global tokens. */
function placeGlobalRows(context: Float32Array, rows: Float32Array, mask: AttentionMaskInfo, H: number): void {
  const { seqLen: len, maxGlobal: G } = mask;
  mask.globalIndices.forEach((positions, b) => {
    positions.forEach((pos, g) => {
      context.set(rows.subarray((b * G + g) * H, (b * G + g + 1) * H), (b * len + pos) * H);
    });
  });
}

/**
 * Production kernel: one fused (H, 3H) projection matMul (the only big op, run by the backend), the banded
 * local attention by `core` (exact key set, no L x L and no wasted band work), the global rows through the
 * reassociated global path, then one tensor for the context. With `simdModule` (the core is the SIMD module's):
 * on tfjs-wasm the core runs on the projection and context tensors where they live instead of on copies, and
 * the global rows run in the module too (in the heap, or on copies on `cpu`).
 */
export function bandedKernelFactory(
  name: string,
  core: (args: LocalCoreArgs) => void,
  simdModule = false,
): KernelFactory {
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
      const probs = outputAttentions ? new Float32Array(batch * heads * len * cols) : undefined; // (B, h, L, cols)
      const shape: CoreShape = {
        batch,
        len,
        heads,
        headDim,
        w,
        merged: mask.merged,
        globalIndices: mask.globalIndices,
        maxGlobal: G,
        ...(probs ? { probs } : {}),
      };
      const out: Partial<SelfAttentionOutput> = {};
      const x = tf.reshape(hidden, [batch * len, H]) as tf.Tensor2D; // (B*L, H)
      const toFree: tf.Tensor[] = [x];
      try {
        // The global path first: it allocates tensors, which may move tfjs-wasm's heap under the core's pointers.
        const heap = simdModule ? tfjsWasmHeap() : null;
        let globalRows: Float32Array | undefined; // (B*G, H)
        if (G > 0) {
          // The SIMD global rows on tfjs-wasm's heap, or on copies for cpu (plain arrays); elsewhere (webgl) tf ops.
          const arena = !simdModule
            ? null
            : heap
              ? heapArena(heap)
              : tf.getBackend() === "cpu"
                ? ownMemoryArena()
                : null;
          const global =
            (arena && globalPathSimd(arena, x, mask, params, globalWeights, dims, outputAttentions)) ??
            globalPath(x, mask, params, globalWeights, dims, outputAttentions);
          globalRows = global.context;
          if (global.probs) out.globalAttentions = tf.tensor4d(global.probs, [batch, heads, len, G]);
        }
        const qkv = tf.fused.matMul({ a: x, b: fused.kernel, bias: fused.bias }); // (B*L, 3H)
        toFree.push(qkv);
        if (heap) {
          const context = heap.alloc([batch, len, H]);
          out.context = context as tf.Tensor3D;
          const scratch = heap.alloc([bandedScratchFloats(shape)]);
          toFree.push(scratch);
          const ctx = heap.offsetOf(context);
          runBandedLocal(heap.wasm, { qkv: heap.offsetOf(qkv), ctx, scratch: heap.offsetOf(scratch) }, shape);
          if (globalRows) placeGlobalRows(heap.f32(ctx, batch * len * H), globalRows, mask, H);
        } else {
          const context = new Float32Array(batch * len * H); // (B*L, H), padding rows stay 0
          core({ qkv: qkv.dataSync() as Float32Array, context, ...shape });
          if (globalRows) placeGlobalRows(context, globalRows, mask, H);
          out.context = tf.tensor3d(context, [batch, len, H]);
        }
        if (probs) out.attentions = tf.tensor4d(probs, [batch, heads, len, cols]);
        return out as SelfAttentionOutput;
      } catch (error) {
        tf.dispose(Object.values(out));
        throw error;
      } finally {
        tf.dispose(toFree);
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
