import * as tf from "@tensorflow/tfjs-core";
import { SimdError } from "../errors.js";
import { ensureMemory, simdInstance } from "../module.js";
import { tfjsWasmHeap } from "../tfjs-wasm-heap.js";
import { copyingBackend } from "./copying-backend.js";

/** Floats per pass through the module's own memory: 256 KB, so that memory does not grow with the input. */
const CHUNK = 65536;

/**
 * Exact (erf) GELU, `x/2 * (1 + erf(x / sqrt 2))` as HF's "gelu", of every value of `values`, written to `out`
 * (which may be `values` itself). Runs in the SIMD module (float64 inside; erf's max abs error is 1.5e-8, at
 * the cut to +-1 beyond |z| = 4), a fraction of the cost of tfjs-wasm's scalar `Erf` plus four element-wise
 * passes; meant for encoders whose activations are in CPU memory (`wasm`, `cpu` backends). Returns `out`, or
 * `null` (nothing written) when the engine cannot run WebAssembly SIMD. Throws `SimdError` (`SIZE_MISMATCH`)
 * when `out` has another length than `values`.
 */
export function geluErfSimd(
  values: Float32Array,
  out: Float32Array = new Float32Array(values.length),
): Float32Array | null {
  if (out.length !== values.length) {
    throw new SimdError("SIZE_MISMATCH", `geluErfSimd: out has ${out.length} values, expected ${values.length}`);
  }
  const wasm = simdInstance();
  if (!wasm) return null;
  ensureMemory(wasm.memory, CHUNK * 4);
  const view = new Float32Array(wasm.memory.buffer, 0, CHUNK);
  for (let start = 0; start < values.length; start += CHUNK) {
    const n = Math.min(CHUNK, values.length - start);
    view.set(values.subarray(start, start + n));
    wasm.exports.gelu(0, 0, (n + 3) & ~3); // the last group of four may hold stale values: only n are copied back
    out.set(view.subarray(0, n), start);
  }
  return out;
}

/**
 * Exact (erf) GELU of the float32 tensor `x`, as `geluErfSimd`: one pass in tfjs-wasm's heap (no copies), on
 * copies where tensors are plain arrays (`cpu`, or a tfjs-wasm heap that cannot be imported). Returns a new
 * tensor, or `null` when it does not apply (another backend such as webgl, no SIMD, another dtype): the
 * caller then runs its tf-op formula.
 */
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
