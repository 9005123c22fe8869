import { describe, expect, it } from "vitest";
import { BACKENDS, testKernel } from "./backends.js";

describe("testKernel", () => {
  const known = ["auto", "dense", "banded-js"] as const;

  it("is auto by default and LONGFORMER_KERNEL when it names a kernel", () => {
    expect(testKernel(known, {})).toBe("auto");
    expect(testKernel(known, { LONGFORMER_KERNEL: "dense" })).toBe("dense");
  });

  it("rejects a name that is not a kernel instead of silently testing the default", () => {
    expect(() => testKernel(known, { LONGFORMER_KERNEL: "fast" })).toThrow(/LONGFORMER_KERNEL="fast" is not a kernel/);
  });

  it("runs both backends", () => {
    expect(BACKENDS).toEqual(["cpu", "wasm"]);
  });
});
