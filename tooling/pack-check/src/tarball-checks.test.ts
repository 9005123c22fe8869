import { describe, expect, it } from "vitest";
import { shippedFileProblems } from "./tarball-checks.js";

function tarballFiles(manifest: Record<string, unknown>, extra: Record<string, string>): Map<string, Buffer> {
  const files = new Map<string, Buffer>([["package.json", Buffer.from(JSON.stringify(manifest))]]);
  for (const [path, text] of Object.entries(extra)) files.set(path, Buffer.from(text));
  return files;
}

const goodMap = JSON.stringify({ version: 3, sources: ["../src/index.ts"], sourcesContent: ["export {};"] });

describe("shippedFileProblems", () => {
  it("passes a tarball with dist/, a LICENSE and maps that embed their sources", () => {
    const files = tarballFiles(
      {
        name: "p",
        exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js" } },
        engines: { node: ">=20" },
        repository: { type: "git", url: "git+https://example.org/r.git", directory: "packages/p" },
      },
      { LICENSE: "Apache", "dist/index.js": "", "dist/index.js.map": goodMap, "dist/index.d.ts": "" },
    );
    expect(shippedFileProblems(files)).toEqual([]);
  });

  it("names what the 0.1.0 tarballs got wrong: source condition, no LICENSE, maps pointing at unshipped src/", () => {
    const files = tarballFiles(
      { name: "p", exports: { ".": { source: "./src/index.ts", import: "./dist/index.js" } }, publishConfig: {} },
      {
        "dist/index.js.map": JSON.stringify({ version: 3, sources: ["../src/index.ts"] }),
        "dist/index.d.ts.map": "{}",
        "src/index.ts": "",
      },
    );
    expect(shippedFileProblems(files)).toEqual([
      "exports carry a `source` condition",
      "publishConfig was not applied by pack",
      "no LICENSE",
      "no engines.node",
      "no repository with url and directory",
      "dist/index.js.map: sources not embedded (sourcesContent)",
      "dist/index.d.ts.map: declaration map to unshipped sources",
      "ships src/index.ts",
    ]);
  });
});
