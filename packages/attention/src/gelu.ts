import { bandedWasmModule, ensureMemory } from "./kernels/banded/wasm-core.js";

/** Floats per pass through the module's memory: 256 KB, so the memory does not grow with the input. */
const CHUNK = 65536;

/**
 * Exact (erf) GELU, `x/2 * (1 + erf(x / sqrt 2))` as HF's "gelu", of every value of `values`, written to `out`
 * (which may be `values` itself). Runs in the banded SIMD module (float64 inside; erf's max abs error is 1.5e-8, at the
 * cut to +-1 beyond |z| = 4),
 * a fraction of the cost of tfjs-wasm's scalar `Erf` plus four element-wise passes; meant for encoders whose
 * activations are in CPU memory (`wasm`, `cpu` backends). Returns `out`, or `null` (nothing written) when the
 * engine cannot run WebAssembly SIMD.
 */
export function geluErfSimd(
  values: Float32Array,
  out: Float32Array = new Float32Array(values.length),
): Float32Array | null {
  if (out.length !== values.length) throw new RangeError(`out has ${out.length} values, expected ${values.length}`);
  const wasm = bandedWasmModule();
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
