import * as tf from "@tensorflow/tfjs-core";
import { type SimdInstance, simdInstanceOn } from "./module.js";

/** The parts of tfjs-backend-wasm's `BackendWasm` this relies on (duck-typed: the package is not a dependency). */
interface WasmBackendLike {
  wasm?: { asm?: { memory?: unknown } };
  getMemoryOffset(dataId: object): number;
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
}

/**
 * tfjs-wasm's heap with the SIMD module instantiated on it: tensors are read and written where they
 * live, so the attention core, GELU and LayerNorm skip the copy out of and back into the heap (on the mini
 * shape, one of those round trips costs as much as the SIMD pass itself).
 */
export interface TfjsWasmHeap {
  wasm: SimdInstance;
  /** Byte offset of a tensor's values in the heap. */
  offsetOf(tensor: tf.Tensor): number;
  /** A new float32 tensor in the heap, contents undefined. */
  alloc(shape: number[]): tf.Tensor;
  /** A view of `n` floats at byte offset `ptr` (re-take it after any allocation: the heap may have grown). */
  f32(ptr: number, n: number): Float32Array;
}

const heaps = new WeakMap<object, TfjsWasmHeap | null>();

/**
 * The heap of the active backend when it is tfjs-wasm (single-threaded build, whose memory can be imported)
 * and the engine runs WebAssembly SIMD; `null` otherwise, and callers take their copying path.
 */
export function tfjsWasmHeap(): TfjsWasmHeap | null {
  if (tf.getBackend() !== "wasm") return null;
  const backend = tf.backend() as unknown as WasmBackendLike;
  const known = heaps.get(backend);
  if (known !== undefined) return known;
  const memory = backend.wasm?.asm?.memory;
  const usable =
    memory instanceof WebAssembly.Memory &&
    typeof backend.getMemoryOffset === "function" &&
    typeof backend.makeOutput === "function";
  if (!usable) {
    heaps.set(backend, null);
    return null;
  }
  const wasm = simdInstanceOn(memory);
  if (!wasm) return null; // the module is not compiled yet, or cannot run here
  const heap: TfjsWasmHeap = {
    wasm,
    offsetOf: (tensor) => backend.getMemoryOffset(tensor.dataId),
    alloc: (shape) => tf.engine().makeTensorFromTensorInfo(backend.makeOutput(shape, "float32")),
    f32: (ptr, n) => new Float32Array(wasm.memory.buffer, ptr, n),
  };
  heaps.set(backend, heap);
  return heap;
}
