import { geluErfSimd, geluErfWasm } from "@longformer-ts/attention";
import * as tf from "@tensorflow/tfjs-core";

/** Backends whose tensors live in CPU memory, where reading the activations back costs only a copy. */
const CPU_MEMORY_BACKENDS = new Set(["wasm", "cpu"]);

/**
 * Exact GELU `x/2 * (1 + erf(x/sqrt 2))` (HF "gelu"). On `wasm`/`cpu` it runs as one pass in the attention
 * package's SIMD module: tfjs-wasm's `Erf` is scalar (~19 ns per element) and the erf form needs four more
 * element-wise passes, ~140 ms of an ~830 ms mini-shape forward. On `wasm` the pass reads and writes the
 * backend's heap directly; on `cpu` it works on the tensor's values. Elsewhere (webgl keeps data on the GPU),
 * or without WebAssembly SIMD, it is the tf-op formula.
 */
export function geluErf(x: tf.Tensor): tf.Tensor {
  const inHeap = geluErfWasm(x);
  if (inHeap) return inHeap;
  const backend = tf.getBackend();
  if (x.dtype === "float32" && CPU_MEMORY_BACKENDS.has(backend)) {
    const values = x.dataSync() as Float32Array;
    // tfjs-wasm downloads a fresh copy, which can take the result; tfjs-cpu hands out the tensor's own storage.
    const out = geluErfSimd(values, backend === "wasm" ? values : new Float32Array(values.length));
    if (out) return tf.tensor(out, x.shape, "float32");
  }
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}
