import * as tf from "@tensorflow/tfjs-core";
import { ensureMemory, simdInstance } from "../module.js";
import { tfjsWasmHeap } from "../tfjs-wasm-heap.js";
import { copyingBackend } from "./copying-backend.js";

/** Floats per pass through the module's own memory on `cpu`: 256 KB chunks, so that memory does not grow. */
const CHUNK = 65536;

/** Arguments of `addLayerNormWasm`: float32 tensors (the caller keeps ownership). */
export interface AddLayerNormArgs {
  /** (..., cols) the sublayer's output. */
  x: tf.Tensor;
  /** (..., cols) the residual, same shape as `x`. */
  residual: tf.Tensor;
  /** (cols) LayerNorm weight. */
  gamma: tf.Tensor1D;
  /** (cols) LayerNorm bias. */
  beta: tf.Tensor1D;
  /** Added to the variance (the config's `layer_norm_eps`). */
  eps: number;
}

/**
 * `LayerNorm(x + residual) * gamma + beta` over the last axis (biased variance, `1 / sqrt(var + eps)`, sums in
 * float64), the residual block of every Longformer layer. On `wasm` one pass in the backend's heap; on `cpu`
 * (and a heap that cannot be imported) the same pass on copies in the module's own memory (tfjs-cpu's ten
 * element-wise ops per LayerNorm cost ~100 ms at 1024 x 256). Returns a new tensor, or `null` when not
 * applicable (another backend, no SIMD, dtype, shapes, last axis not a multiple of 4): the caller then runs its
 * tf-op formula.
 */
export function addLayerNormWasm(args: AddLayerNormArgs): tf.Tensor | null {
  const { x, residual, gamma, beta, eps } = args;
  const heap = tfjsWasmHeap();
  const cols = x.shape[x.shape.length - 1] ?? 0;
  const applies =
    [x, residual, gamma, beta].every((t) => t.dtype === "float32") &&
    cols % 4 === 0 &&
    x.size > 0 &&
    residual.shape.length === x.shape.length &&
    residual.shape.every((n, i) => n === x.shape[i]) &&
    gamma.size === cols &&
    beta.size === cols;
  if (!applies) return null;
  if (!heap) return copyingBackend() ? addLayerNormOnCopies(x, residual, gamma, beta, eps, cols) : null;
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

function addLayerNormOnCopies(
  x: tf.Tensor,
  residual: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  eps: number,
  cols: number,
): tf.Tensor | null {
  const wasm = simdInstance();
  if (!wasm) return null;
  const xs = x.dataSync() as Float32Array; // tfjs-cpu hands out its own storage: only read
  const rs = residual.dataSync() as Float32Array;
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK / cols));
  const chunk = rowsPerChunk * cols;
  const [pg, pb, px, pr] = [0, cols * 4, 2 * cols * 4, 2 * cols * 4 + chunk * 4];
  ensureMemory(wasm.memory, pr + chunk * 4);
  const f32 = (ptr: number, n: number) => new Float32Array(wasm.memory.buffer, ptr, n);
  f32(pg, cols).set(gamma.dataSync() as Float32Array);
  f32(pb, cols).set(beta.dataSync() as Float32Array);
  const out = new Float32Array(x.size);
  for (let start = 0; start < x.size; start += chunk) {
    const n = Math.min(chunk, x.size - start);
    f32(px, n).set(xs.subarray(start, start + n));
    f32(pr, n).set(rs.subarray(start, start + n));
    wasm.exports.addLayerNorm(px, pr, pg, pb, px, n / cols, cols, eps);
    out.set(f32(px, n), start);
  }
  return tf.tensor(out, x.shape, "float32");
}
