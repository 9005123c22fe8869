import { describe, expect, it } from "vitest";
import { compareArrays, compareGolden, expectArraysClose } from "./compare.js";
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

describe("expectNoTensorLeak", () => {
  it("detects a growing count", async () => {
    let n = 0;
    await expect(expectNoTensorLeak({ memory: () => ({ numTensors: n }) }, () => n++)).rejects.toThrow(/leak/);
  });
});

describe("compareGolden", () => {
  // (B=2, heads=1, L=2, G=2): row 0 has 2 real global slots, row 1 only 1 (its slot 1 is HF filler).
  const expected = { shape: [2, 1, 2, 2], data: [1, 2, 3, 4, 5, 9, 6, 9] };

  it("ignores the filler slots of rows with fewer global tokens", () => {
    const actual = { shape: [2, 1, 2, 2], data: [1, 2, 3, 4, 5, 0, 6, 0] };
    expect(compareGolden(actual, expected, 1e-6, [2, 1]).ok).toBe(true);
    expect(compareGolden(actual, expected, 1e-6).ok).toBe(false); // without the counts every slot counts
  });

  it("catches a real slot and reports its row", () => {
    const actual = { shape: [2, 1, 2, 2], data: [1, 2, 3, 4, 5, 9, 6.5, 9] };
    const r = compareGolden(actual, expected, 0.1, [2, 1]);
    expect(r.ok).toBe(false);
    expect(r.maxAbsError).toBeCloseTo(0.5);
    expect(r.worstIndex).toEqual([1, 0, 1, 0]);
  });

  it("reports a shape mismatch before looking at slots", () => {
    const r = compareGolden({ shape: [2, 1, 2, 1], data: [1, 3, 5, 6] }, expected, 1, [2, 1]);
    expect(r.ok).toBe(false);
    expect(r.shapeMismatch).toMatch(/shape/);
  });
});
