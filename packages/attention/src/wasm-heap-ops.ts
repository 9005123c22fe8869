import * as tf from "@tensorflow/tfjs-core";
import { geluErfSimd } from "./gelu.js";
import { tfjsWasmHeap } from "./kernels/banded/tfjs-wasm-heap.js";
import { bandedWasmModule, ensureMemory } from "./kernels/banded/wasm-core.js";

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
 * Element-wise steps of a Longformer layer as single SIMD passes, for backends whose tensors live in CPU
 * memory: on tfjs-wasm in place in the backend's heap, on `cpu` (or tfjs-wasm's threaded build, whose heap
 * cannot be imported) on copies in the module's own memory. Each returns a new tensor, or `null` when it does
 * not apply (another backend such as webgl, no WebAssembly SIMD, a dtype other than float32, ...): the caller
 * then runs its tf-op formula. They live in this package because the SIMD module does.
 */

/** Backends whose tensors are in CPU memory, where a copy through the module costs less than tf's formula. */
const copyingBackend = () => ["cpu", "wasm"].includes(tf.getBackend());

/** Exact (erf) GELU of `x`, as `geluErfSimd`; `null` when not applicable. */
export function geluErfWasm(x: tf.Tensor): tf.Tensor | null {
  if (x.dtype !== "float32") return null;
  const heap = tfjsWasmHeap();
  if (heap && x.size % 4 === 0) {
    const out = heap.alloc(x.shape);
    heap.wasm.exports.gelu(heap.offsetOf(x), heap.offsetOf(out), x.size);
    return out;
  }
  if (!copyingBackend()) return null;
  const values = x.dataSync() as Float32Array;
  // tfjs-wasm reads back a fresh copy, which can take the result; tfjs-cpu hands out the tensor's own storage.
  const out = geluErfSimd(values, tf.getBackend() === "wasm" ? values : new Float32Array(values.length));
  return out && tf.tensor(out, x.shape, "float32");
}

/** Floats per pass through the module's own memory on `cpu`: 256 KB chunks, so that memory does not grow. */
const CHUNK = 65536;

/**
 * `LayerNorm(x + residual) * gamma + beta` over the last axis (biased variance, `1 / sqrt(var + eps)`, sums in
 * float64), the residual block of every Longformer layer. On `wasm` one pass in the backend's heap; on `cpu`
 * (and a heap that cannot be imported) the same pass on copies in the module's own memory (tfjs-cpu's ten element-wise ops per LayerNorm cost
 * ~100 ms at 1024 x 256). `null` when not applicable (another backend, no SIMD, dtype, shapes, last axis not a
 * multiple of 4).
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
  const wasm = bandedWasmModule();
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
