import { simdInstance } from "./module.js";
import { tfjsWasmHeap } from "./tfjs-wasm-heap.js";

/** Which fast paths run on the active backend now: to tell, e.g. in a browser, why a forward is slow. */
export interface SimdPaths {
  /** The WebAssembly SIMD module runs here (else attention's `auto` falls back to the plain-JS core). */
  simd: boolean;
  /** It works in tfjs-wasm's heap (the wasm backend, single-threaded build), without copies. */
  inTfjsWasmHeap: boolean;
}

export function simdPaths(): SimdPaths {
  return { simd: simdInstance() !== null, inTfjsWasmHeap: tfjsWasmHeap() !== null };
}
