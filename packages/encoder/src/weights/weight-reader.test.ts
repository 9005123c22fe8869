import { float32ToFloat16, type WeightMap } from "@longformer-ts/convert";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { WeightsError } from "../errors.js";
import { WeightReader } from "./weight-reader.js";

function f32(shape: number[], fill = 1): { dtype: "float32"; shape: number[]; data: Float32Array } {
  return { dtype: "float32", shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill) };
}

function errorOf(fn: () => unknown): WeightsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WeightsError) return error;
    throw error;
  }
  throw new Error("expected a WeightsError");
}

describe("WeightReader", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  const weights: WeightMap = new Map([
    ["enc.a.weight", f32([2, 3])],
    ["enc.a.bias", f32([2])],
    ["enc.extra", f32([1])],
    ["head.w", f32([4])],
  ]);

  it("reports missing, unexpected and mis-shaped names in one error, with what is available", () => {
    const reader = new WeightReader(weights);
    const error = errorOf(() =>
      reader.check(
        [
          { name: "enc.a.weight", shape: [3, 2] },
          { name: "enc.a.bias", shape: [2] },
          { name: "enc.b.weight", shape: [2, 2] },
        ],
        { scope: "enc." },
      ),
    );
    expect(error.code).toBe("WEIGHTS_MISMATCH");
    expect(error.missing).toEqual(["enc.b.weight"]);
    expect(error.unexpected).toEqual(["enc.extra"]); // head.w is outside the scope
    expect(error.shapeMismatches).toEqual([{ name: "enc.a.weight", expected: [3, 2], actual: [2, 3] }]);
    expect(error.available).toEqual(["enc.a.bias", "enc.a.weight", "enc.extra", "head.w"]);
    expect(error.message).toMatch(/missing \(1\): enc\.b\.weight/);
    expect(error.message).toMatch(/unexpected \(1\): enc\.extra/);
    expect(error.message).toMatch(/enc\.a\.weight: expected \[3,2\], checkpoint has \[2,3\]/);
    expect(error.message).toMatch(/available \(4\): enc\.a\.bias, enc\.a\.weight, enc\.extra, head\.w/);
  });

  it("passes a complete check and honours ignore", () => {
    const reader = new WeightReader(weights);
    expect(() =>
      reader.check(
        [
          { name: "enc.a.weight", shape: [2, 3] },
          { name: "enc.a.bias", shape: [2] },
        ],
        { scope: "enc.", ignore: (n) => n === "enc.extra" },
      ),
    ).not.toThrow();
  });

  it("take() creates float32 tensors, tracks use, and names what is wrong", () => {
    const reader = new WeightReader(weights);
    const t = reader.take("enc.a.bias", [2]);
    expect(t.dtype).toBe("float32");
    expect(Array.from(t.dataSync())).toEqual([1, 1]);
    t.dispose();
    expect(reader.usedNames()).toEqual(["enc.a.bias"]);
    expect(reader.unusedNames("enc.")).toEqual(["enc.a.weight", "enc.extra"]);
    expect(errorOf(() => reader.take("enc.nope", [1])).code).toBe("MISSING_WEIGHT");
    const shape = errorOf(() => reader.take("enc.a.weight", [3, 2]));
    expect(shape.code).toBe("WEIGHT_SHAPE_MISMATCH");
    expect(shape.message).toContain('"enc.a.weight" has shape [2,3]');
  });

  it("widens float16 weights and rejects integer ones", () => {
    const half = float32ToFloat16(new Float32Array([0.5, -2, 1024]));
    const reader = new WeightReader(
      new Map([
        ["h", { dtype: "float16" as const, shape: [3], data: half }],
        ["i", { dtype: "int32" as const, shape: [1], data: new Int32Array([1]) }],
      ]),
    );
    const t = reader.take("h", [3]);
    expect(Array.from(t.dataSync())).toEqual([0.5, -2, 1024]);
    t.dispose();
    expect(errorOf(() => reader.take("i", [1])).code).toBe("WEIGHT_DTYPE");
  });
});
