/**
 * The native `tokenizers` binding is an optional peer: when it does not load, the Node entry must still
 * import, fall back to the pure-JS backend with one warning line per process, and encode exactly as the
 * native backend does.
 */
import { execFile } from "node:child_process";
import { copyFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { LongformerTokenizer, TokenizerError } from "../index.js";
import { bertDir, goldenTexts, modelDir } from "../test/fixtures.test-util.js";
import { removeTempDirs, tempDir } from "../test/temp-dir.test-util.js";

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CHILD = join(PACKAGE_DIR, "src/test/fallback-child.test-util.ts");

const TEXTS = [
  "Héllo WÖRLD, naïve café — ÅNGSTRÖM «quotes»! The lamp burned all night. A storm came.",
  "日本語のテキスト and 中文 mixed with English; emoji 😀👍🏽 and math 𝒳𝒴. [MASK] stays special.",
  ...Object.values(goldenTexts().texts).flat().slice(0, 3),
];

interface ChildOutput {
  backends: string[];
  nativeError: string | undefined;
  encodings: Array<{ ids: number[]; offsets: Array<[number, number]> }>;
  documents: number[][];
}

/**
 * Runs the child; `NAPI_RS_NATIVE_LIBRARY_PATH` pointing nowhere makes napi-rs's loader try only that
 * path, so no binary loads and `tokenizers` throws at import, as on a platform without a binary.
 */
async function runChild(dir: string, breakNative: boolean): Promise<{ out: ChildOutput; stderr: string }> {
  const env = { ...process.env };
  if (breakNative) env.NAPI_RS_NATIVE_LIBRARY_PATH = join(tempDir("native"), "missing.node");
  else delete env.NAPI_RS_NATIVE_LIBRARY_PATH;
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--conditions=source", CHILD, dir, JSON.stringify(TEXTS)],
    { cwd: PACKAGE_DIR, env, maxBuffer: 64 * 1024 * 1024 },
  );
  return { out: JSON.parse(stdout) as ChildOutput, stderr };
}

async function nativeExpectations(dir: string): Promise<Pick<ChildOutput, "encodings" | "documents">> {
  const native = await LongformerTokenizer.fromPretrained(dir, { backend: "native" });
  expect(native.backendName).toBe("native");
  const encodings = [];
  const documents = [];
  for (const text of TEXTS) {
    const { ids, offsets } = await native.encode(text);
    encodings.push({ ids, offsets });
    documents.push((await native.encodeDocument(text, { grouping: "sentences" })).inputIds);
  }
  return { encodings, documents };
}

function vocabOnlyDir(): string {
  const dir = tempDir("vocab");
  copyFileSync(join(bertDir(), "vocab.txt"), join(dir, "vocab.txt"));
  return dir;
}

afterAll(removeTempDirs);

describe("without the native binding", () => {
  for (const [name, dirOf] of [
    ["tokenizer.json (tiny-mlm)", () => modelDir("tiny-mlm")],
    ["a bare vocab.txt", vocabOnlyDir],
  ] as const) {
    it(`imports, falls back to pure JS with one warning, and encodes as native does: ${name}`, async () => {
      const dir = dirOf();
      const [{ out, stderr }, expected] = await Promise.all([runChild(dir, true), nativeExpectations(dir)]);
      expect(out.backends).toEqual(["pure-js", "pure-js"]);
      expect(out.nativeError).toBe("NATIVE_UNAVAILABLE");
      const warnings = stderr.split("\n").filter((line) => line.includes("@longformer-ts/tokenizer"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain("Cannot find native binding");
      expect(warnings[0]).toContain("pure-JS backend");
      expect(out.encodings.map((e) => ({ ids: e.ids, offsets: e.offsets }))).toEqual(expected.encodings);
      expect(out.documents).toEqual(expected.documents);
    }, 60_000);
  }

  it("uses the native binding and stays quiet when it loads (the control)", async () => {
    const { out, stderr } = await runChild(modelDir("tiny-mlm"), false);
    expect(out.backends).toEqual(["native", "native"]);
    expect(out.nativeError).toBeUndefined();
    expect(stderr).not.toContain("@longformer-ts/tokenizer");
  }, 60_000);
});

describe("the backend option", () => {
  it('"pure-js" skips the binding and matches it on a bare vocab.txt', async () => {
    const dir = vocabOnlyDir();
    const pure = await LongformerTokenizer.fromPretrained(dir, { backend: "pure-js" });
    expect(pure.backendName).toBe("pure-js");
    const expected = await nativeExpectations(dir);
    for (const [i, text] of TEXTS.entries()) {
      const { ids, offsets } = await pure.encode(text);
      expect({ ids, offsets }, text).toEqual(expected.encodings[i]);
    }
  });

  it("rejects an unknown backend with INVALID_OPTION", async () => {
    const error = await LongformerTokenizer.fromPretrained(modelDir("tiny-mlm"), {
      backend: "rust" as never,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenizerError);
    expect((error as TokenizerError).code).toBe("INVALID_OPTION");
    expect((error as TokenizerError).message).toContain('"rust"');
  });
});
