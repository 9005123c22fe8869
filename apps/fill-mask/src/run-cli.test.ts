import { join } from "node:path";
import "@tensorflow/tfjs-backend-wasm";
import { FillMaskPipeline } from "@longformer-ts/heads";
import { longformerFixturesDir, tempDirs } from "@longformer-ts/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonReport, TextResult } from "./format.js";
import { closedPort, type FakeHub, startFakeHub } from "./testing/hub-server.test-util.js";
import { runFillMask } from "./testing/run.test-util.js";

const tempDir = tempDirs();

const models = join(longformerFixturesDir(), "models");
const tiny = join(models, "tiny-mlm");
const freshCache = () => tempDir("fill-mask-cli-");
const SENTENCE = "Hello I'm a <mask> model.";

describe("fill-mask CLI on a local model", () => {
  it("prints the pipeline's top-k predictions as text on stdout, logs on stderr", async () => {
    const run = await runFillMask(["--model", tiny, "--top-k", "3", SENTENCE]);
    expect(run.status).toBe(0);

    const pipeline = await FillMaskPipeline.fromPretrained(tiny, { backend: "wasm" });
    const expected = (await pipeline.fillMask(SENTENCE, { topK: 3 })).masks[0]!;
    pipeline.dispose();
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`model: ${tiny}`);
    expect(lines).toContain(SENTENCE);
    expect(lines).toContain(`  mask 1 (token ${expected.position})`);
    const ranked = lines.filter((l) => /^\s+\d+\. /.test(l));
    expect(ranked).toHaveLength(3);
    expected.predictions.forEach((p, i) => {
      expect(ranked[i]).toContain(`${i + 1}. ${p.tokenStr}`);
      expect(ranked[i]).toContain(`${p.score.toFixed(4)}  (id ${p.token})`);
    });
    expect(run.stderr).toMatch(/^loaded .*tiny-mlm on wasm in \d+\.\d\d s\n$/);
  });

  it("--json prints one object with the model, the settings and every mask's candidates", async () => {
    const text = "The keeper [MASK] the lamp and wound the <mask> every evening.";
    const run = await runFillMask(["--model", tiny, "--json", "-k", "4", "--backend", "cpu", text]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.model).toEqual({ name: tiny, kind: "dir", source: tiny, randomWeights: false, fallbackReason: null });
    expect(report).toMatchObject({ backend: "cpu", topK: 4 });
    expect(report.loadMs).toBeGreaterThanOrEqual(0);
    expect(report.results).toHaveLength(1);
    const result = report.results[0] as TextResult;
    expect(result!.text).toBe(text);
    expect(result!.warnings).toEqual([]);
    expect(result!.masks.map((m) => text.slice(m.charStart, m.charEnd))).toEqual(["[MASK]", "<mask>"]);
    for (const mask of result!.masks) {
      expect(mask.predictions).toHaveLength(4);
      const scores = mask.predictions.map((p) => p.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const p of mask.predictions) {
        expect(Object.keys(p).sort()).toEqual(["score", "sequence", "token", "tokenStr"]);
        expect(p.score).toBeGreaterThan(0);
        expect(p.score).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe("fill-mask CLI with the hub", () => {
  let hub: FakeHub;
  beforeAll(async () => {
    hub = await startFakeHub("test-owner/tiny-mlm", tiny);
  });
  afterAll(async () => {
    await hub.close();
  });

  it("downloads and converts a hub model with progress on stderr, then runs from the cache", async () => {
    const cacheDir = freshCache();
    const args = ["--model", "test-owner/tiny-mlm", "--cache-dir", cacheDir, "--json", SENTENCE];
    const first = await runFillMask([...args, "--endpoint", hub.endpoint]);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain("downloading model.safetensors...");
    expect(first.stderr).toContain("writing...");
    const report = JSON.parse(first.stdout) as JsonReport;
    expect(report.model).toMatchObject({ name: "test-owner/tiny-mlm", kind: "hub", randomWeights: false });

    const requests = hub.requests.length;
    const second = await runFillMask([...args, "--endpoint", `http://127.0.0.1:${await closedPort()}`]);
    expect(second.status).toBe(0);
    expect(hub.requests.length).toBe(requests);
    expect(second.stderr).not.toContain("downloading");
    expect((JSON.parse(second.stdout) as JsonReport).results).toEqual(
      report.results.map((r) => ({ ...r, ms: expect.any(Number) })),
    );
  });

  it("falls back to mini-mlm in one line when the default model's hub is unreachable", async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const run = await runFillMask(["--cache-dir", freshCache(), "--endpoint", endpoint, "--json", SENTENCE]);
    expect(run.status).toBe(0);
    const notices = run.stderr.split("\n").filter((l) => l.includes("not available"));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /^kiddothe2b\/longformer-mini-1024 not available \(hub unreachable at http:\/\/127\.0\.0\.1:\d+: .*\); falling back to the mini-mlm test fixture \(.*mini-mlm\): its weights are RANDOM, so its predictions are meaningless$/,
    );
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.model).toMatchObject({ kind: "fixture", randomWeights: true, source: join(models, "mini-mlm") });
    expect((report.results[0] as TextResult).masks[0]!.predictions).toHaveLength(5);
  });

  it("runs the two demo examples on the fallback, the long one spanning several blocks", async () => {
    const run = await runFillMask(["--offline", "--cache-dir", freshCache()]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("(offline and not in the cache)");
    const out = run.stdout;
    expect(out).toMatch(
      /^model: mini-mlm fixture \(.*\)\nnote: {2}RANDOM weights \(test fixture\): the predictions below are meaningless\n/,
    );
    expect(out).toContain("\nHello I'm a <mask> model.\n  mask 1 (token ");
    const positions = [...out.matchAll(/mask \d \(token (\d+)\): /g)].map((m) => Number(m[1]));
    expect(positions).toHaveLength(2);
    expect(Math.max(...positions)).toBeGreaterThan(128 * 3);
    expect(out).toContain("the building of the <mask>.");
  });

  it("does not fall back for a model the user named", async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const run = await runFillMask([
      "--model",
      "someone/else",
      "--cache-dir",
      freshCache(),
      "--endpoint",
      endpoint,
      SENTENCE,
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^error \[DOWNLOAD_FAILED\]: HEAD http:\/\/127\.0\.0\.1:\d+\/someone\/else\/resolve\/main\/config\.json failed/,
    );
    expect(run.stdout).toBe("");
  });
});

describe("fill-mask CLI with several texts", () => {
  const beyondLimit = `${"word ".repeat(3000)}<mask>.`;

  it("reports a text it cannot process for that text and still runs the others", async () => {
    const run = await runFillMask(["--model", tiny, "--json", "-k", "2", SENTENCE, beyondLimit, "no mask here"]);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.results.map((r) => r.text)).toEqual([SENTENCE, beyondLimit, "no mask here"]);
    const [ok, beyond, none] = report.results;
    expect(ok).toMatchObject({ text: SENTENCE, warnings: [] });
    expect((ok as TextResult).masks).toHaveLength(1);
    expect(beyond).toEqual({
      text: beyondLimit,
      error: { code: "NO_MASK_TOKEN", message: expect.stringContaining("limit") },
    });
    expect(none).toMatchObject({ error: { code: "NO_MASK_TOKEN" } });
    expect(run.stderr).toMatch(/^error \[NO_MASK_TOKEN\] \(text 2 of 3\): fillMask: /m);
    expect(run.stderr).toMatch(/^error \[NO_MASK_TOKEN\] \(text 3 of 3\): fillMask: the text has no mask/m);
  });

  it("prints the texts that worked as text, the failures on stderr only", async () => {
    const run = await runFillMask(["--model", tiny, "-k", "2", beyondLimit, SENTENCE]);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(new RegExp(`^model: .*tiny-mlm\n\n${SENTENCE.replace(/[.?]/g, "\\$&")}\n  mask 1 `));
    expect(run.stdout).not.toContain("word word");
    expect(run.stderr).toContain("error [NO_MASK_TOKEN] (text 1 of 2)");
  });
});

describe("fill-mask CLI exit statuses", () => {
  it.each([
    [["--bogus"], 2, /unknown option '--bogus'/],
    [["--top-k", "0", "x <mask>"], 2, /expected a positive integer/],
    [["--backend", "webgl", "x <mask>"], 2, /Allowed choices are wasm, cpu/],
    [["--model", tiny, "no mask here"], 2, /^error \[NO_MASK_TOKEN\]: fillMask: the text has no mask/m],
    [
      ["--model", "./no/such/dir", "x <mask>"],
      1,
      /^error \[MODEL_NOT_FOUND\]: --model \.\/no\/such\/dir: no such directory/,
    ],
  ])("%j exits with %i", async (argv, status, message) => {
    const run = await runFillMask(argv);
    expect(run.status).toBe(status);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });

  it("--help prints usage on stdout and exits 0", async () => {
    const run = await runFillMask(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: longformer-fill-mask \[options\] \[texts\.\.\.\]/);
    expect(run.stdout).toContain("Exit status: 0 done, 1 failed, 2 bad usage.");
  });
});
