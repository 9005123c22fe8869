import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { simdPaths } from "./simd-paths.js";
import { useBackend } from "./testing.test-util.js";
import { tfjsWasmHeap } from "./tfjs-wasm-heap.js";

describe("tfjs-wasm's heap", () => {
  it("is not there on cpu: simdPaths says the module runs, on copies", async () => {
    await useBackend("cpu");
    expect(tfjsWasmHeap()).toBeNull();
    expect(simdPaths()).toEqual({ simd: true, inTfjsWasmHeap: false });
  });

  it("is found on wasm: tensors are read where they live, and alloc makes heap tensors", async () => {
    await useBackend("wasm");
    const heap = tfjsWasmHeap()!;
    expect(heap).not.toBeNull();
    expect(simdPaths()).toEqual({ simd: true, inTfjsWasmHeap: true });
    expect(tfjsWasmHeap()).toBe(heap); // once per backend
    const x = tf.tensor1d([1, 2, 3, 4]);
    expect(Array.from(heap.f32(heap.offsetOf(x), 4))).toEqual([1, 2, 3, 4]);
    const out = heap.alloc([2, 2]);
    heap.f32(heap.offsetOf(out), 4).set([5, 6, 7, 8]);
    expect(out.shape).toEqual([2, 2]);
    expect(Array.from(out.dataSync())).toEqual([5, 6, 7, 8]);
    tf.dispose([x, out]);
  });
});
