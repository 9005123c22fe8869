import { BACKENDS } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { useBackend } from "../backend.js";
import { ConfigError } from "../errors.js";
import { activation, isKnownActivation } from "./activation.js";

/** erf in float64, independent of tfjs: Maclaurin series for |x| < 3, the asymptotic erfc series beyond. */
function erf64(x: number): number {
  if (Math.abs(x) < 3) {
    let sum = 0;
    let term = x;
    for (let n = 0; n < 200; n++) {
      sum += term / (2 * n + 1);
      term *= (-x * x) / (n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(z) ~ exp(-z^2) / (z sqrt(pi)) * (1 - 1/(2z^2) + 3/(4z^4) - 15/(8z^6) + 105/(16 z^8))
  const z = Math.abs(x);
  const z2 = z * z;
  const series =
    1 - 1 / (2 * z2) + 3 / (4 * z2 * z2) - 15 / (8 * z2 ** 3) + 105 / (16 * z2 ** 4) - 945 / (32 * z2 ** 5);
  const erfc = (Math.exp(-z2) / (z * Math.sqrt(Math.PI))) * series;
  return Math.sign(x) * (1 - erfc);
}
const geluExact = (x: number) => 0.5 * x * (1 + erf64(x / Math.SQRT2));

const GRID = Array.from({ length: 4001 }, (_, i) => -20 + i * 0.01);

describe.each(BACKENDS)("activation on %s", (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  // 4000 values: on wasm, one SIMD pass in the backend's heap; 4001: the copying path (not whole groups of 4).
  it.each([4000, 4001])("gelu is the exact erf GELU to float32 precision (%i values)", (n) => {
    const grid = GRID.slice(0, n);
    const x = tf.tensor1d(grid);
    const y = activation("gelu")(x);
    const values = y.dataSync();
    tf.dispose([x, y]);
    let worst = 0;
    grid.forEach((v, i) => {
      // against the float32 input the tensor holds: float32 rounding of the result plus erf's error (< 1.6e-8)
      const err = Math.abs(values[i]! - geluExact(Math.fround(v))) / Math.max(1, Math.abs(v));
      worst = Math.max(worst, err);
    });
    expect(worst).toBeLessThan(1e-7);
  });

  it("implements the other HF activations", () => {
    const xs = [-2, -0.5, 0, 0.5, 2, 7];
    const expected: Record<string, (x: number) => number> = {
      relu: (x) => Math.max(0, x),
      relu6: (x) => Math.min(6, Math.max(0, x)),
      silu: (x) => x / (1 + Math.exp(-x)),
      quick_gelu: (x) => x / (1 + Math.exp(-1.702 * x)),
      gelu_new: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
      mish: (x) => x * Math.tanh(Math.log1p(Math.exp(x))),
      tanh: Math.tanh,
      sigmoid: (x) => 1 / (1 + Math.exp(-x)),
      linear: (x) => x,
    };
    for (const [name, f] of Object.entries(expected)) {
      const x = tf.tensor1d(xs);
      const y = activation(name)(x);
      Array.from(y.dataSync()).forEach((v, i) => {
        expect(v, `${name}(${xs[i]})`).toBeCloseTo(f(xs[i]!), 5);
      });
      tf.dispose([x, y]);
    }
  });
});

describe("activation names", () => {
  it("knows HF's names and rejects others with a ConfigError naming hidden_act", () => {
    expect(isKnownActivation("gelu")).toBe(true);
    expect(isKnownActivation("toString")).toBe(false);
    expect(() => activation("swiglu")).toThrow(ConfigError);
    expect(() => activation("swiglu")).toThrow(/hidden_act "swiglu"/);
  });
});
