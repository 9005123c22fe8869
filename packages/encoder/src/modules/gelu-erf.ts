import { geluErfWasm } from "@longformer-ts/simd";
import * as tf from "@tensorflow/tfjs-core";

/**
 * Exact GELU `x/2 * (1 + erf(x/sqrt 2))` (HF "gelu"). On `wasm`/`cpu` it runs as one pass in
 * `@longformer-ts/simd`'s module (`geluErfWasm`: in tfjs-wasm's heap, or on copies): tfjs-wasm's `Erf` is scalar
 * (~19 ns per element) and the erf form needs four more element-wise passes, ~140 ms of an ~830 ms mini-shape
 * forward. Elsewhere (webgl keeps data on the GPU), or without WebAssembly SIMD, it is the tf-op formula.
 */
export function geluErf(x: tf.Tensor): tf.Tensor {
  return geluErfWasm(x) ?? tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}
