import type * as tf from "@tensorflow/tfjs-core";
import { tfjsWasmHeap } from "./kernels/banded/tfjs-wasm-heap.js";
import { bandedWasmModule } from "./kernels/banded/wasm-core.js";

/** Which fast paths run on the active backend now: to tell, e.g. in a browser, why a forward is slow. */
export interface SimdPaths {
  /** The WebAssembly SIMD module runs here (else `auto` falls back to the plain-JS core). */
  simd: boolean;
  /** It works in tfjs-wasm's heap (the wasm backend, single-threaded build), without copies. */
  inTfjsWasmHeap: boolean;
}

export function simdPaths(): SimdPaths {
  return { simd: bandedWasmModule() !== null, inTfjsWasmHeap: tfjsWasmHeap() !== null };
}

/**
 * Element-wise steps of a Longformer layer as single SIMD passes over tfjs-wasm tensors, in place in the
 * backend's heap (no copies). Each returns a new tensor, or `null` when it does not apply (another backend,
 * no WebAssembly SIMD, a dtype other than float32, a row size that is not a multiple of 4): the caller then
 * runs its tf-op formula. They live in this package because the SIMD module does.
 */

/** Exact (erf) GELU of `x`, as `geluErfSimd`; `null` when not applicable. */
export function geluErfWasm(x: tf.Tensor): tf.Tensor | null {
  const heap = tfjsWasmHeap();
  if (!heap || x.dtype !== "float32" || x.size % 4 !== 0) return null;
  const out = heap.alloc(x.shape);
  heap.wasm.exports.gelu(heap.offsetOf(x), heap.offsetOf(out), x.size);
  return out;
}

/**
 * `LayerNorm(x + residual) * gamma + beta` over the last axis (biased variance, `1 / sqrt(var + eps)`), the
 * residual block of every Longformer layer; `null` when not applicable.
 */
export function addLayerNormWasm(
  x: tf.Tensor,
  residual: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  eps: number,
): tf.Tensor | null {
  const heap = tfjsWasmHeap();
  const cols = x.shape[x.shape.length - 1] ?? 0;
  const applies =
    heap !== null &&
    [x, residual, gamma, beta].every((t) => t.dtype === "float32") &&
    cols % 4 === 0 &&
    x.size > 0 &&
    residual.shape.length === x.shape.length &&
    residual.shape.every((n, i) => n === x.shape[i]) &&
    gamma.size === cols &&
    beta.size === cols;
  if (!heap || !applies) return null;
  const out = heap.alloc(x.shape);
  heap.wasm.exports.addLayerNorm(
    heap.offsetOf(x),
    heap.offsetOf(residual),
    heap.offsetOf(gamma),
    heap.offsetOf(beta),
    heap.offsetOf(out),
    x.size / cols,
    cols,
    eps,
  );
  return out;
}
