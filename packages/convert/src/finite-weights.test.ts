import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadWeights as loadWeightsInBrowser } from "./browser.js";
import { runCli } from "./cli/run-cli.js";
import { convert } from "./convert/convert.js";
import { loadWeights } from "./load-weights.js";
import { buildSafetensors, bytesOf } from "./testing/builders.test-util.js";
import { expectCode } from "./testing/expect-code.test-util.js";
import { tempDir } from "./testing/fixtures.test-util.js";
import { startStaticServer } from "./testing/http-server.test-util.js";

const work = tempDir("convert-finite-");

/** An HF directory whose tensors t0..t{n-1} are F32 [4]; those listed in `poisoned` hold NaN/Infinity. */
function checkpoint(name: string, count: number, poisoned: number[], dtype: "F32" | "F16" = "F32"): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "config.json"), JSON.stringify({ model_type: "longformer" }));
  const tensors = Array.from({ length: count }, (_, i) => {
    const bad = poisoned.includes(i);
    const data =
      dtype === "F32"
        ? bytesOf(Float32Array.of(1, bad ? Number.NaN : 2, bad ? Number.POSITIVE_INFINITY : 3, 4))
        : bytesOf(Uint16Array.of(0x3c00, bad ? 0x7e00 : 0x4000, 0x4200, bad ? 0xfc00 : 0x4400)); // NaN, -Infinity
    return { name: `t${i}`, dtype, shape: [4], data };
  });
  writeFileSync(join(dir, "model.safetensors"), buildSafetensors(tensors));
  return dir;
}

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe("non-finite weights", () => {
  it("loadWeights refuses NaN/Infinity naming the tensors, unless allowNonFinite", async () => {
    const dir = checkpoint("nan-f32", 3, [1]);
    await expectCode(
      () => loadWeights(dir),
      "NON_FINITE_WEIGHTS",
      /1 tensor holds NaN or Infinity: t1 \(2 of 4 elements\)/,
    );
    const loaded = await loadWeights(dir, { allowNonFinite: true });
    expect(Number.isNaN((loaded.weights.get("t1")!.data as Float32Array)[1])).toBe(true);
    // All finite: loads as before.
    expect((await loadWeights(checkpoint("fine", 2, []))).weights.size).toBe(2);
  });

  it("detects NaN/Infinity in half bits kept as float16, and lists the first 5 names and a count", async () => {
    const dir = checkpoint("nan-f16", 9, [0, 2, 3, 4, 5, 6, 8], "F16");
    await expectCode(
      () => loadWeights(dir, { keepFloat16: true }),
      "NON_FINITE_WEIGHTS",
      /7 tensors hold NaN or Infinity: t0 \(2 of 4 elements\), t2 .*, t5 \(2 of 4 elements\) and 2 more/,
    );
    await expectCode(() => loadWeights(dir), "NON_FINITE_WEIGHTS", /7 tensors/);
  });

  it("convert refuses them (nothing written) or, with allowNonFinite, lists them in the summary", async () => {
    const dir = checkpoint("nan-convert", 2, [0]);
    const out = join(work, "nan-out");
    await expectCode(() => convert(dir, out), "NON_FINITE_WEIGHTS", /t0/);
    expect(existsSync(out)).toBe(false);
    const summary = await convert(dir, out, { allowNonFinite: true });
    expect(summary.nonFinite).toEqual(["t0 (2 of 4 elements)"]);
    // The converted directory is checked on load as well.
    await expectCode(() => loadWeights(out), "NON_FINITE_WEIGHTS", /t0/);
    expect((await convert(checkpoint("fine-convert", 1, []), join(work, "fine-out"))).nonFinite).toEqual([]);
  });

  it("the CLI fails with NON_FINITE_WEIGHTS, or converts with --allow-non-finite and a warning", async () => {
    const dir = checkpoint("nan-cli", 2, [1]);
    const run = async (...argv: string[]) => {
      const stdout = new Capture();
      const stderr = new Capture();
      const code = await runCli(argv, { stdout, stderr });
      return { code, stderr: stderr.text };
    };
    const refused = await run(dir, join(work, "cli-out"), "--no-progress");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error \[NON_FINITE_WEIGHTS\].*t1/);
    const allowed = await run(dir, join(work, "cli-out"), "--no-progress", "--allow-non-finite");
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/warning: NaN or Infinity in 1 tensor\(s\).*t1 \(2 of 4 elements\)/);
  });

  it("loading a converted directory by URL checks too, in the Node and the browser entry", async () => {
    await convert(checkpoint("nan-url-src", 2, [1]), join(work, "served", "nan"), { allowNonFinite: true });
    const server = await startStaticServer(join(work, "served"));
    try {
      const url = `${server.url}/nan/`;
      await expectCode(() => loadWeights(url), "NON_FINITE_WEIGHTS", /t1 \(2 of 4 elements\)/);
      await expectCode(() => loadWeightsInBrowser(url), "NON_FINITE_WEIGHTS", /t1/);
      expect((await loadWeightsInBrowser(url, { allowNonFinite: true })).weights.size).toBe(2);
    } finally {
      await server.close();
    }
  });
});
