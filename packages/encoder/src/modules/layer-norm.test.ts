import { BACKENDS } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { useBackend } from "../backend.js";
import { seededRandom } from "../testing/random-weights.test-util.js";
import { LayerNorm } from "./layer-norm.js";

function randomTensor(shape: number[], seed: number, scale: number): tf.Tensor {
  const rand = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => (rand() * 2 - 1) * scale),
    shape,
  );
}

describe.each(BACKENDS)("LayerNorm on %s", (backend) => {
  beforeAll(() => useBackend(backend));

  // 256 columns: one SIMD pass in tfjs-wasm's heap on wasm; 6 columns: the tf-op formula everywhere.
  it.each([256, 6])("forwardWithResidual(x, r) equals forward(x + r) with %i columns", (cols) => {
    const ln = new LayerNorm(
      randomTensor([cols], 1, 2) as tf.Tensor1D,
      randomTensor([cols], 2, 1) as tf.Tensor1D,
      1e-12,
    );
    const x = randomTensor([2, 9, cols], 3, 5);
    const r = randomTensor([2, 9, cols], 4, 5);
    const before = tf.memory().numTensors;
    const fused = ln.forwardWithResidual(x, r);
    const plain = tf.tidy(() => ln.forward(tf.add(x, r)));
    expect(fused.shape).toEqual([2, 9, cols]);
    const a = fused.dataSync();
    const b = plain.dataSync();
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    expect(worst).toBeLessThan(5e-6);
    tf.dispose([fused, plain]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, r]);
    ln.dispose();
  });
});
