import type * as tf from "@tensorflow/tfjs-core";
import { ensureMemory, type SimdInstance, simdInstance } from "./module.js";
import type { TfjsWasmHeap } from "./tfjs-wasm-heap.js";

/**
 * Where a SIMD step finds its operands: tfjs-wasm's heap (tensors read where they live) or the module's own
 * memory (tensors copied in, for backends whose tensors are plain arrays such as `cpu`). Take every pointer
 * first and the views after: placing may grow, i.e. move, the memory.
 */
export interface SimdArena {
  wasm: SimdInstance;
  /** Byte offset of a float32 tensor's values (in place, or a copy). */
  place(tensor: tf.Tensor): number;
  /** Byte offset of `floats` scratch floats (16-byte aligned). */
  reserve(floats: number): number;
  /** A view of `n` floats at byte offset `ptr`. */
  f32(ptr: number, n: number): Float32Array;
  /** Frees what `reserve` allocated. */
  release(): void;
}

export function heapArena(heap: TfjsWasmHeap): SimdArena {
  const scratch: tf.Tensor[] = [];
  return {
    wasm: heap.wasm,
    place: (tensor) => heap.offsetOf(tensor),
    reserve: (floats) => {
      const t = heap.alloc([floats + 4]); // + 4: room to align to 16 bytes
      scratch.push(t);
      return (heap.offsetOf(t) + 15) & ~15;
    },
    f32: heap.f32,
    release: () => {
      for (const t of scratch.splice(0)) t.dispose();
    },
  };
}

/** The module's own memory as a bump allocator from offset 0 (calls are synchronous: one user at a time). */
export function ownMemoryArena(): SimdArena | null {
  const wasm = simdInstance();
  if (!wasm) return null;
  let top = 0;
  const take = (floats: number) => {
    const at = top;
    top = (top + floats * 4 + 15) & ~15;
    ensureMemory(wasm.memory, top);
    return at;
  };
  const f32 = (ptr: number, n: number) => new Float32Array(wasm.memory.buffer, ptr, n);
  return {
    wasm,
    place: (tensor) => {
      const values = tensor.dataSync() as Float32Array;
      const at = take(values.length);
      f32(at, values.length).set(values);
      return at;
    },
    reserve: take,
    f32,
    release: () => {
      top = 0;
    },
  };
}
