import { describe, expect, it } from "vitest";
import { internalRangeProblems } from "./internal-ranges.js";
import type { PackageManifest } from "./manifest.js";

function release(version: string, range: (v: string) => string): PackageManifest[] {
  return [
    { name: "@longformer-ts/encoder", version, dependencies: { "@longformer-ts/attention": range(version) } },
    { name: "@longformer-ts/attention", version },
    {
      name: "@longformer-ts/heads",
      version,
      dependencies: { "@longformer-ts/encoder": range(version), fflate: "0.8.3" },
      peerDependencies: { "@tensorflow/tfjs-core": "^4.22.0" },
    },
  ];
}

describe("internalRangeProblems", () => {
  it("rejects the 0.x layout: ^0.2.0 refuses the next minor 0.3.0, so upgrading one package duplicates it", () => {
    const problems = internalRangeProblems(release("0.2.0", (v) => `^${v}`));
    expect(problems).toEqual([
      {
        dependent: "@longformer-ts/encoder",
        dependency: "@longformer-ts/attention",
        range: "^0.2.0",
        refused: "0.3.0",
      },
      { dependent: "@longformer-ts/heads", dependency: "@longformer-ts/encoder", range: "^0.2.0", refused: "0.3.0" },
    ]);
  });

  it("accepts 1.x carets, which admit every later minor", () => {
    expect(internalRangeProblems(release("1.0.0", (v) => `^${v}`))).toEqual([]);
    expect(internalRangeProblems(release("1.4.2", (v) => `^${v}`))).toEqual([]);
  });

  it("rejects exact pins and ranges that miss the current version", () => {
    expect(internalRangeProblems(release("1.0.0", (v) => v)).map((p) => p.refused)).toEqual(["1.1.0", "1.1.0"]);
    expect(internalRangeProblems(release("1.0.0", () => "^2.0.0")).map((p) => p.refused)).toEqual([
      "1.0.0",
      "1.1.0",
      "1.0.0",
      "1.1.0",
    ]);
  });
});
