import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { heapArena, ownMemoryArena } from "./arena.js";
import { useBackend } from "./testing.test-util.js";
import { tfjsWasmHeap } from "./tfjs-wasm-heap.js";

describe("arenas", () => {
  it("own memory: places copies and reserves 16-byte aligned scratch, from offset 0 again after release", async () => {
    await useBackend("cpu");
    const arena = ownMemoryArena()!;
    const x = tf.tensor1d([1, 2, 3]);
    const at = arena.place(x);
    const scratch = arena.reserve(5);
    expect(at % 16).toBe(0);
    expect(scratch % 16).toBe(0);
    expect(scratch).toBeGreaterThanOrEqual(at + 3 * 4);
    expect(Array.from(arena.f32(at, 3))).toEqual([1, 2, 3]);
    const big = arena.reserve(200_000); // grows the memory
    expect(arena.f32(big, 200_000).length).toBe(200_000);
    arena.release();
    expect(arena.reserve(1)).toBe(0);
    arena.release();
    x.dispose();
  });

  it("heap: places tensors in place, reserves aligned scratch tensors and frees them on release", async () => {
    await useBackend("wasm");
    const heap = tfjsWasmHeap()!;
    const arena = heapArena(heap);
    const x = tf.tensor1d([1, 2, 3]);
    const before = tf.memory().numTensors;
    expect(arena.place(x)).toBe(heap.offsetOf(x));
    const scratch = arena.reserve(7);
    expect(scratch % 16).toBe(0);
    expect(tf.memory().numTensors).toBe(before + 1);
    arena.release();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
