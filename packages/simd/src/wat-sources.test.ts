import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { expandFragments, joinWat, readWatSources, WAT_SOURCES } from "../scripts/wat-sources.js";

describe("joining the WAT sources", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempSources = (names: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), "simd-wat-"));
    dirs.push(dir);
    mkdirSync(dir, { recursive: true });
    for (const name of names) writeFileSync(join(dir, `${name}.wat`), `(func $${name})\n`);
    return dir;
  };

  it("expands a fragment once per use, renaming only the whole parameter, indented like the use", () => {
    const text = [
      ";; @define twice $v",
      "(local.set $v (f32.add (local.get $v) (local.get $v0)))",
      ";; @end",
      "(func",
      "    ;; @expand twice $a",
      "  ;; @expand twice $b",
      ")",
    ].join("\n");
    expect(expandFragments(text)).toBe(
      [
        "(func",
        "    (local.set $a (f32.add (local.get $a) (local.get $v0)))",
        "  (local.set $b (f32.add (local.get $b) (local.get $v0)))",
        ")",
      ].join("\n"),
    );
  });

  it("rejects an unknown fragment and a fragment without @end, with a code", () => {
    expect(() => expandFragments(";; @expand nothing $x")).toThrow(
      expect.objectContaining({ code: "UNKNOWN_FRAGMENT" }),
    );
    expect(() => expandFragments(";; @define open $x\n(nop)")).toThrow(
      expect.objectContaining({ code: "UNTERMINATED_FRAGMENT" }),
    );
  });

  it("wraps the sources in one module that imports its memory, in the listed order", () => {
    const text = joinWat([
      { name: "b", text: "(func $b)" },
      { name: "a", text: "(func $a)" },
    ]);
    expect(text).toMatch(/^\(module\n {2}\(import "env" "memory" \(memory 1\)\)\n/);
    expect(text.indexOf("$b")).toBeLessThan(text.indexOf("$a"));
  });

  it("reads every listed source, and refuses a .wat file that is not listed or a listed one that is missing", () => {
    expect(readWatSources().map((s) => s.name)).toEqual([...WAT_SOURCES]);
    expect(() => readWatSources(tempSources([...WAT_SOURCES, "stray"]))).toThrow(
      expect.objectContaining({ code: "UNLISTED_SOURCE" }),
    );
    expect(() => readWatSources(tempSources(WAT_SOURCES.slice(1)))).toThrow(
      expect.objectContaining({ code: "MISSING_SOURCE" }),
    );
  });

  it("GELU is written once: the module text holds its polynomial twice, the sources once", () => {
    const sources = readWatSources();
    const marker = "-1.3671328453386034e-08"; // the leading coefficient of erf's numerator
    const inSources = sources.reduce((n, s) => n + s.text.split(marker).length - 1, 0);
    expect(inSources).toBe(1);
    expect(joinWat(sources).split(marker).length - 1).toBe(2);
  });
});
