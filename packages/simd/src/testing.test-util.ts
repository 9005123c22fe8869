// Shared helpers for this package's tests (excluded from the build).
import { seededRandom } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { expect } from "vitest";

export const rng = seededRandom;

export async function useBackend(name: "cpu" | "wasm"): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
}

/** `n` uniform values in [-scale, scale). */
export function randomArray(n: number, random: () => number, scale: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (random() * 2 - 1) * scale;
  return a;
}

/** Largest absolute difference of two equally long arrays. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}
