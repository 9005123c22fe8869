import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ConvertSummary } from "../convert/convert.js";
import { modelDir, tempDir } from "../testing/fixtures.test-util.js";
import { parseSize } from "./format.js";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runCli } from "./run-cli.js";

class Capture extends Writable {
  text = "";
  isTTY = false;
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const work = tempDir();
const tiny = modelDir("tiny-mlm");

describe("longformer-convert CLI", () => {
  it("--help prints usage on stdout and exits 0", async () => {
    const { code, stdout, stderr } = await run("--help");
    expect(code).toBe(EXIT_OK);
    expect(stdout).toMatch(/Usage: longformer-convert \[options\] <src> <out>/);
    expect(stdout).toMatch(/--dtype <dtype>/);
    expect(stdout).toMatch(/--shard-size <size>/);
    expect(stderr).toBe("");
  });

  it("exits 2 on usage errors, with the problem on stderr", async () => {
    for (const argv of [
      [],
      [tiny],
      [tiny, join(work, "o"), "--dtype", "int8"],
      [tiny, join(work, "o"), "--bogus"],
      [tiny, join(work, "o"), "--shard-size", "lots"],
    ]) {
      const { code, stdout, stderr } = await run(...argv);
      expect(code, argv.join(" ")).toBe(EXIT_USAGE);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/error/);
    }
    expect((await run(tiny, join(work, "o"), "--shard-size", "100")).stderr).toMatch(/at least 1024/);
    expect(existsSync(join(work, "o"))).toBe(false);
  });

  it("converts, printing the summary on stdout and progress/logs on stderr", async () => {
    const out = join(work, "human");
    const { code, stdout, stderr } = await run(tiny, out, "--shard-size", "2MB");
    expect(code).toBe(EXIT_OK);
    expect(stdout).toMatch(/converted .* \(safetensors\) -> .* as float32/);
    expect(stdout).toMatch(/tensors +56 \(54 distinct\)/);
    expect(stdout).toMatch(
      /tied weights lm_head\.decoder\.weight = longformer\.embeddings\.word_embeddings\.weight \(added\)/,
    );
    expect(stderr).toMatch(/reading model\.safetensors/);
    expect(stderr).toMatch(/writing/);
    expect(readFileSync(join(out, "model.json"), "utf8")).toMatch(/group1-shard4of4\.bin/);
  });

  it("--json prints a machine-readable summary and nothing else on stdout", async () => {
    const out = join(work, "json");
    const { code, stdout } = await run(join(tiny, "legacy"), out, "--json", "--dtype", "float16", "--no-progress");
    expect(code).toBe(EXIT_OK);
    const summary = JSON.parse(stdout) as ConvertSummary;
    expect(summary).toMatchObject({
      sourceFormat: "pytorch-legacy",
      dtype: "float16",
      tensors: 56,
      dtypes: { float16: 56 },
    });
  });

  it("exits 1 with the error code on conversion failures (existing output, missing source)", async () => {
    const out = join(work, "twice");
    expect((await run(tiny, out, "--no-progress")).code).toBe(EXIT_OK);
    const again = await run(tiny, out, "--no-progress");
    expect(again.code).toBe(EXIT_FAILED);
    expect(again.stderr).toMatch(/error \[OUTPUT_EXISTS\]/);
    expect((await run(tiny, out, "--force", "--no-progress")).code).toBe(EXIT_OK);
    // --force replaces a previous output only: the folder holding it (and this test's other files) is refused.
    const notOurs = await run(tiny, work, "--force", "--no-progress");
    expect(notOurs.code).toBe(EXIT_FAILED);
    expect(notOurs.stderr).toMatch(/error \[OUTPUT_NOT_REPLACEABLE\]/);
    expect(existsSync(join(out, "model.json"))).toBe(true);
    const missing = await run(join(work, "does-not-exist"), join(work, "o2"));
    expect(missing.code).toBe(EXIT_FAILED);
    expect(missing.stderr).toMatch(/error \[NOT_FOUND\]/);
  });

  it("parses shard sizes in binary units", () => {
    expect(parseSize("4MB")).toBe(4 * 1024 * 1024);
    expect(parseSize("512 KiB")).toBe(512 * 1024);
    expect(parseSize("1048576")).toBe(1048576);
    expect(parseSize("1.5gb")).toBe(1.5 * 1024 ** 3);
    expect(() => parseSize("4 parsecs")).toThrow(/cannot read size/);
  });

  it("runs as a real process (the bin entry with its shebang, through tsx in dev)", () => {
    const require = createRequire(import.meta.url);
    const tsx = require.resolve("tsx/cli");
    const cli = fileURLToPath(new URL("../cli.ts", import.meta.url));
    const ok = spawnSync(process.execPath, [tsx, cli, "--version"], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const bad = spawnSync(process.execPath, [tsx, cli, "only-one-arg"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(readFileSync(cli, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });
});
