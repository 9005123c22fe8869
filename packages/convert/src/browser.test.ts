import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as browser from "./browser.js";
import { convert } from "./convert/convert.js";
import * as node from "./index.js";
import { modelDir, tempDir } from "./testing/fixtures.test-util.js";
import { startStaticServer, type TestServer } from "./testing/http-server.test-util.js";

const here = dirname(fileURLToPath(import.meta.url));

/** Every module the browser entry reaches through static and dynamic imports (type-only imports are erased). */
function reachableModules(entry: string): { files: string[]; nodeImports: string[] } {
  const seen = new Set<string>();
  const nodeImports: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    const specs = [
      ...[...text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?!type\s)[^;]*?\sfrom\s+"([^"]+)"/g)].map((m) => m[1]!),
      ...[...text.matchAll(/import\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]!),
    ];
    for (const spec of specs) {
      if (spec.startsWith("node:")) nodeImports.push(`${file.slice(here.length + 1)} -> ${spec}`);
      else if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
    }
  };
  visit(entry);
  return { files: [...seen], nodeImports };
}

describe("the browser entry (`browser` export condition)", () => {
  it("reaches no node:* module, statically or dynamically", () => {
    const { files, nodeImports } = reachableModules(join(here, "browser.ts"));
    expect(files.length).toBeGreaterThan(10); // the walk does follow the imports
    expect(nodeImports).toEqual([]);
    // and the Node entry does reach them (so the walk would notice)
    expect(reachableModules(join(here, "index.ts")).nodeImports.length).toBeGreaterThan(0);
  });

  it("exports the Node entry's browser-safe API, the same functions, and leaves out the Node-only tools", () => {
    const browserApi: Record<string, unknown> = { ...browser };
    const nodeApi: Record<string, unknown> = { ...node };
    const browserNames = Object.keys(browserApi).sort();
    for (const name of browserNames) {
      expect(Object.keys(nodeApi), name).toContain(name);
      if (name !== "loadWeights") expect(browserApi[name], name).toBe(nodeApi[name]);
    }
    for (const nodeOnly of ["convert", "fromHub", "defaultCacheDir"]) expect(browserNames).not.toContain(nodeOnly);
  });

  it("declares the condition in package.json", () => {
    const pkg = JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8"));
    expect(pkg.exports["."].browser.source).toBe("./src/browser.ts");
    expect(pkg.exports["."].browser.import).toBe("./dist/browser.js");
    expect(readdirSync(here)).toContain("browser.ts");
  });

  describe("loadWeights", () => {
    let server: TestServer;
    const work = tempDir();
    beforeAll(async () => {
      await convert(modelDir("tiny-mlm"), join(work, "tiny-converted"));
      server = await startStaticServer(work);
    });
    afterAll(() => server.close());

    it("fetches a converted directory by URL, like the Node entry", async () => {
      const url = `${server.url}/tiny-converted/`;
      const [fromBrowser, fromNode] = await Promise.all([browser.loadWeights(url), node.loadWeights(url)]);
      expect(fromBrowser.format).toBe("tfjs");
      expect([...fromBrowser.weights.keys()].sort()).toEqual([...fromNode.weights.keys()].sort());
      const bytes = (t: { data: ArrayBufferView }) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      for (const [name, tensor] of fromNode.weights) {
        expect(bytes(fromBrowser.weights.get(name)!).equals(bytes(tensor)), name).toBe(true);
      }
    });

    it("refuses local paths with an error that says what to pass instead", async () => {
      const error = await browser.loadWeights(modelDir("tiny-mlm")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(browser.ConvertError);
      expect((error as browser.ConvertError).code).toBe("INVALID_ARGUMENT");
      expect((error as Error).message).toMatch(/http\(s\) URL of a converted model directory/);
      await expect(browser.loadWeights(new URL("ftp://example.com/model"))).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
      });
    });
  });
});
