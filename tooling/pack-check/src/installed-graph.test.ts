import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copiesOf, indexByVersion, installedCopies } from "./installed-graph.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function writePackage(at: string, manifest: Record<string, unknown>): void {
  mkdirSync(at, { recursive: true });
  writeFileSync(join(at, "package.json"), JSON.stringify(manifest));
}

function link(target: string, at: string): void {
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at, "dir");
}

/** A pnpm-style layout: app -> heads -> encoder@X, app -> encoder@Y, plus an orphan left in .pnpm. */
function layout(headsEncoder: "1.0.0" | "1.1.0"): string {
  dir = mkdtempSync(join(tmpdir(), "pack-check-graph-"));
  const store = join(dir, "node_modules", ".pnpm");
  const encoder = (v: string) => join(store, `encoder@${v}`, "node_modules", "@x", "encoder");
  const heads = join(store, "heads@1.0.0", "node_modules", "@x", "heads");
  writePackage(dir, { name: "app", dependencies: { "@x/heads": "1.0.0", "@x/encoder": "1.1.0" } });
  for (const v of ["1.0.0", "1.1.0"]) writePackage(encoder(v), { name: "@x/encoder", version: v });
  writePackage(heads, { name: "@x/heads", version: "1.0.0", dependencies: { "@x/encoder": "^1.0.0" } });
  link(heads, join(dir, "node_modules", "@x", "heads"));
  link(encoder("1.1.0"), join(dir, "node_modules", "@x", "encoder"));
  link(encoder(headsEncoder), join(store, "heads@1.0.0", "node_modules", "@x", "encoder"));
  return dir;
}

describe("installedCopies", () => {
  it("counts only what Node resolves, not orphans left in the virtual store", () => {
    const copies = installedCopies(layout("1.1.0"));
    expect(copiesOf(copies, "@x/encoder").map((c) => c.version)).toEqual(["1.1.0"]);
    expect(copiesOf(copies, "@x/heads").map((c) => c.version)).toEqual(["1.0.0"]);
  });

  it("sees a second copy when a dependent resolves another instance", () => {
    const versions = copiesOf(installedCopies(layout("1.0.0")), "@x/encoder").map((c) => c.version);
    expect(versions.sort()).toEqual(["1.0.0", "1.1.0"]);
  });
});

describe("indexByVersion", () => {
  it("lists each version of each package once, with a directory to serve it from", () => {
    const index = indexByVersion(installedCopies(layout("1.0.0")));
    expect([...index.keys()].sort()).toEqual(["@x/encoder", "@x/heads"]);
    expect([...index.get("@x/encoder")!.keys()].sort()).toEqual(["1.0.0", "1.1.0"]);
  });
});
