/** The browser entry must not reach Node-only modules (node:*, the native `tokenizers` binding). */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const IMPORT = /^\s*(?:import|export)\s(type\s)?[^;]*?from\s+"([^"]+)"/gm;

/** Every module specifier reachable from `entry` through relative imports, with the file importing it. */
function reachableImports(entry: string): Array<{ from: string; specifier: string; typeOnly: boolean }> {
  const seen = new Set<string>();
  const out: Array<{ from: string; specifier: string; typeOnly: boolean }> = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const specifier = match[2] as string;
      const typeOnly = match[1] !== undefined;
      if (specifier.startsWith(".")) {
        if (!typeOnly) visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
      } else out.push({ from: file.slice(SRC.length + 1), specifier, typeOnly });
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

  it("the Node entry imports the optional native binding for its types only (loaded lazily, with a fallback)", () => {
    const imports = reachableImports("index.ts");
    // a value import of "tokenizers" would throw while linking the entry wherever no binary loads
    expect(imports.filter((i) => i.specifier === "tokenizers" && !i.typeOnly)).toEqual([]);
    expect(imports.filter((i) => i.specifier === "tokenizers").length).toBeGreaterThan(0);
    expect(imports.map((i) => i.specifier)).toContain("@huggingface/tokenizers");
  });
});
