/** The browser entry must not reach Node-only modules (node:*, the native `tokenizers` binding). */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm;

/** Every module specifier reachable from `entry` through relative imports, with the file importing it. */
function reachableImports(entry: string): Array<{ from: string; specifier: string }> {
  const seen = new Set<string>();
  const out: Array<{ from: string; specifier: string }> = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const specifier = match[1] as string;
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
      else out.push({ from: file.slice(SRC.length + 1), specifier });
    }
  };
  visit(join(SRC, entry));
  return out;
}

describe("entry points", () => {
  it("the browser entry imports only @huggingface/tokenizers outside its own sources", () => {
    const external = reachableImports("browser.ts");
    expect(external.length).toBeGreaterThan(0);
    expect(external.filter((i) => i.specifier !== "@huggingface/tokenizers")).toEqual([]);
  });

  it("the Node entry uses the native binding", () => {
    expect(reachableImports("index.ts").map((i) => i.specifier)).toContain("tokenizers");
  });
});
