import { describe, expect, it } from "vitest";
import { compareArrays, expectArraysClose } from "./compare.js";
import { FixturesMissingError, fixturesRoot } from "./fixtures.js";
import { expectNoTensorLeak } from "./leaks.js";

describe("compareArrays", () => {
  it("reports the worst index in multi-dimensional form", () => {
    const c = compareArrays(
      { shape: [2, 3], data: [0, 0, 0, 0, 0, 0.5] },
      { shape: [2, 3], data: [0, 0, 0, 0, 0, 0] },
      0.1,
    );
    expect(c.ok).toBe(false);
    expect(c.maxAbsError).toBe(0.5);
    expect(c.worstIndex).toEqual([1, 2]);
  });
  it("fails on shape mismatch even with equal data", () => {
    const c = compareArrays(
      { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] },
      { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] },
      1,
    );
    expect(c.ok).toBe(false);
    expect(c.shapeMismatch).toMatch(/shape/);
  });
  it("treats a one-sided NaN as a failure", () => {
    expect(compareArrays({ shape: [1], data: [Number.NaN] }, { shape: [1], data: [0] }, 1).ok).toBe(false);
  });
  it("throws a message naming the index and values", () => {
    expect(() => expectArraysClose({ shape: [2], data: [1, 2] }, { shape: [2], data: [1, 3] }, 1e-3, "x")).toThrow(
      /x: .*at \[1\].*actual 2, expected 3/,
    );
  });
});

describe("fixtures", () => {
  it("fails loudly when LONGFORMER_FIXTURES points nowhere", () => {
    const saved = process.env.LONGFORMER_FIXTURES;
    process.env.LONGFORMER_FIXTURES = "/nonexistent/fixtures";
    try {
      expect(() => fixturesRoot()).toThrow(FixturesMissingError);
    } finally {
      if (saved === undefined) delete process.env.LONGFORMER_FIXTURES;
      else process.env.LONGFORMER_FIXTURES = saved;
    }
  });
  it("finds the shared fixtures by default", () => {
    expect(fixturesRoot()).toMatch(/fixtures$/);
  });
});

describe("expectNoTensorLeak", () => {
  it("detects a growing count", async () => {
    let n = 0;
    await expect(expectNoTensorLeak({ memory: () => ({ numTensors: n }) }, () => n++)).rejects.toThrow(/leak/);
  });
});
