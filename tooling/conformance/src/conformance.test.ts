import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AttentionKernelName } from "@longformer-ts/attention";
import { fixturesRoot, longformerFixturesDir, repoRoot } from "@longformer-ts/test-helpers";
import { afterAll, describe, expect, it } from "vitest";
import type { GoldenFile } from "./cases.js";
import { RunnerRegistry } from "./registry.js";
import { type ConformanceReport, runConformance } from "./run.js";
import { hatEncoderRunner } from "./runners/encoder-runners.js";
import { encoderOnlyRegistry } from "./runners/index.js";

const KERNEL = (process.env.LONGFORMER_KERNEL ?? "auto") as AttentionKernelName;
const ENCODER_OUTPUT = /^(last_hidden_state|hidden_states\.\d+|attentions\.\d+|global_attentions\.\d+)$/;
/** Outputs of the HAT task heads, computed by the heads package's runners once registered. */
const HEAD_OUTPUT = /^(masked_logits|top5_logits|sentence_outputs|pooled_output|logits)$/;

function expectEncoderOutputsPass(report: ConformanceReport): void {
  const failing = report.rows.filter((r) => r.status !== "pass" && r.status !== "skipped");
  expect(failing, JSON.stringify(failing.slice(0, 5), null, 1)).toEqual([]);
  for (const row of report.rows) {
    if (ENCODER_OUTPUT.test(row.output)) expect(row.status, `${row.case}/${row.output}`).toBe("pass");
    else expect(row.output).toMatch(HEAD_OUTPUT); // the only outputs allowed to be skipped
  }
}

describe("conformance over the repository's fixtures", () => {
  it("wasm: every case and every output, including mini-mlm at 1024 tokens (encoder + heads runners)", async () => {
    const report = await runConformance({ fixturesDir: longformerFixturesDir(), backend: "wasm", kernel: KERNEL });
    const bad = report.rows.filter((r) => r.status !== "pass");
    expect(bad, JSON.stringify(bad.slice(0, 5), null, 1)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(new Set(report.rows.map((r) => `${r.model}/${r.case}`)).size).toBe(19);
    expect(report.rows.filter((r) => r.model === "mini-mlm" && ENCODER_OUTPUT.test(r.output))).toHaveLength(10);
  });

  it("cpu: every tiny case, encoder runners only (head outputs skipped; mini runs in the encoder's tests on cpu)", async () => {
    const report = await runConformance({
      fixturesDir: longformerFixturesDir(),
      backend: "cpu",
      kernel: KERNEL,
      casePattern: /^tiny-/,
      skipUnsupported: true,
      registry: encoderOnlyRegistry(),
    });
    expectEncoderOutputsPass(report);
    expect(report.counts.pass).toBeGreaterThanOrEqual(60);
    expect(report.counts.skipped).toBeGreaterThan(0);
  });
});

describe("conformance strictness (a synthetic fixture directory)", () => {
  const source = longformerFixturesDir();
  const original = JSON.parse(readFileSync(join(source, "golden", "tiny-mlm", "cases.json"), "utf8")) as GoldenFile;
  const caseNamed = (name: string) => structuredClone(original.cases.find((c) => c.name === name)!);
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A fixtures dir whose models/ and outputs file are symlinks to the repository's, with edited cases. */
  function fixtureWith(edit: (file: GoldenFile) => void, caseName = "plain_len5_cls_global"): string {
    const dir = mkdtempSync(join(tmpdir(), "conformance-"));
    dirs.push(dir);
    mkdirSync(join(dir, "golden", "tiny-mlm"), { recursive: true });
    symlinkSync(join(source, "models"), join(dir, "models"));
    symlinkSync(
      join(source, "golden", "tiny-mlm", "outputs.safetensors"),
      join(dir, "golden", "tiny-mlm", "outputs.safetensors"),
    );
    const file: GoldenFile = { ...original, cases: [caseNamed(caseName)] };
    edit(file);
    writeFileSync(join(dir, "golden", "tiny-mlm", "cases.json"), JSON.stringify(file));
    return dir;
  }
  /** Strictness is the runner's, not the heads': these checks use the encoder's runners unless told otherwise. */
  const run = (fixturesDir: string, registry: RunnerRegistry = encoderOnlyRegistry()) =>
    runConformance({ fixturesDir, backend: "cpu", kernel: KERNEL, registry });

  it("passes an untouched case", async () => {
    const report = await run(fixtureWith(() => {}));
    expect(report.ok).toBe(true);
    expect(report.counts.pass).toBe(8);
  });

  it("fails an output outside its atol, naming the error", async () => {
    const report = await run(
      fixtureWith((f) => {
        f.cases[0]!.outputs.last_hidden_state!.atol = 1e-12;
      }),
    );
    expect(report.ok).toBe(false);
    const row = report.rows.find((r) => r.output === "last_hidden_state")!;
    expect(row.status).toBe("fail");
    expect(row.maxAbsError).toBeGreaterThan(1e-12);
  });

  it("fails on an output no runner computes, unless told to skip it", async () => {
    const dir = fixtureWith((f) => {
      f.cases[0]!.outputs.masked_logits = {
        key: "plain_len5_cls_global/last_hidden_state",
        shape: [1, 5, 32],
        atol: 1,
      };
    });
    const strict = await run(dir);
    expect(strict.ok).toBe(false);
    expect(strict.rows.find((r) => r.output === "masked_logits")?.status).toBe("unsupported");
    const lenient = await runConformance({
      fixturesDir: dir,
      backend: "cpu",
      kernel: KERNEL,
      skipUnsupported: true,
      registry: encoderOnlyRegistry(),
    });
    expect(lenient.ok).toBe(true);
    expect(lenient.counts.skipped).toBe(1);
  });

  it("reports a class without a runner and a missing golden tensor as errors", async () => {
    const noRunner = await run(
      fixtureWith((f) => {
        f.cases[0]!.call.class = "SomeOtherModel";
      }),
    );
    expect(noRunner.ok).toBe(false);
    expect(
      noRunner.rows.every((r) => r.status === "error" && /no runner for call.class "SomeOtherModel"/.test(r.message!)),
    ).toBe(true);
    const noTensor = await run(
      fixtureWith((f) => {
        f.cases[0]!.outputs.last_hidden_state!.key = "nope";
      }),
    );
    expect(noTensor.rows.find((r) => r.output === "last_hidden_state")?.status).toBe("error");
  });

  it("dispatches by call.class through the registry (exact names over patterns)", async () => {
    // A HAT case with its head outputs removed: the generic ^HAT runner derives the global mask from the config.
    const dir = fixtureWith((f) => {
      const c = f.cases[0]!;
      c.outputs = Object.fromEntries(Object.entries(c.outputs).filter(([name]) => !HEAD_OUTPUT.test(name)));
    }, "mlm_single_len75_tokentype");
    const report = await run(dir);
    expect(report.ok).toBe(true);
    expect(report.counts.pass).toBe(8);
    const registry = new RunnerRegistry().register(/^HAT /, hatEncoderRunner).register("HAT LongformerForMaskedLM", {
      name: "stub",
      run: async () => new Map(),
    });
    expect((await run(dir, registry)).rows.every((r) => r.status === "unsupported")).toBe(true);
  });

  it("refuses a HAT case whose recorded global mask differs from the one derived from cls/sep ids", async () => {
    const dir = fixtureWith((f) => {
      f.cases[0]!.call.class = "HAT LongformerForMaskedLM"; // ids end in [SEP], the recorded mask has [CLS] only
    });
    const report = await run(dir);
    expect(report.rows.every((r) => r.status === "error" && /effective_global_attention_mask/.test(r.message!))).toBe(
      true,
    );
  });

  it("the CLI prints a table and exits non-zero on failure", () => {
    const dir = fixtureWith((f) => {
      f.cases[0]!.outputs.hidden_states_0_strict = { ...f.cases[0]!.outputs["hidden_states.0"]!, atol: 1e-12 };
    });
    const cli = join(dirname(fileURLToPath(import.meta.url)), "cli.ts");
    const result = spawnSync(
      "npx",
      ["tsx", "--conditions=source", cli, "--fixtures", dir, "--backend", "cpu", "--kernel", KERNEL],
      {
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/plain_len5_cls_global\s+last_hidden_state\s+\S+e-\d+\s+0\.00005\s+pass/);
    expect(result.stdout).toMatch(/hidden_states_0_strict .*UNSUPPORTED/);
    expect(result.stdout).toMatch(/FAILED: 8 pass, 0 fail, 0 error, 1 unsupported/);
  });
});

describe("where the CLI looks (one rule with LONGFORMER_FIXTURES: the directory the command was typed in)", () => {
  const repo = repoRoot();
  /** A folder with no golden/: the run stops at once, naming the absolute path it resolved. */
  const missing = "no-such-fixtures";

  it("a relative --fixtures resolves against INIT_CWD, not the package directory", () => {
    const typedIn = join(repo, "packages");
    const cli = join(dirname(fileURLToPath(import.meta.url)), "cli.ts");
    const result = spawnSync(
      join(repo, "node_modules", ".bin", "tsx"),
      ["--conditions=source", cli, "--fixtures", missing, "--backend", "cpu"],
      {
        encoding: "utf8",
        cwd: dirname(cli),
        env: { ...process.env, INIT_CWD: typedIn },
      },
    );
    expect(result.stderr).toContain(`no golden/ directory in ${join(typedIn, missing)}`);
    expect(result.status).toBe(2);
  });

  it("the root `pnpm conformance --fixtures rel` typed in a subdirectory resolves against that subdirectory", () => {
    const typedIn = join(repo, "tooling");
    const result = spawnSync("pnpm", ["conformance", "--fixtures", missing, "--backend", "cpu"], {
      encoding: "utf8",
      cwd: typedIn,
    });
    expect(result.stderr).toContain(`no golden/ directory in ${join(typedIn, missing)}`);
    expect(result.status).not.toBe(0);
  });

  it("without --fixtures it runs the repository's fixtures/longformer", () => {
    expect(longformerFixturesDir({ env: {} })).toBe(join(repo, "fixtures", "longformer"));
  });
});

describe("conformance over the longformer-hf root (HuggingFace's own heads)", () => {
  const hfDir = join(fixturesRoot(), "longformer-hf");
  for (const backend of ["wasm", "cpu"] as const) {
    it(`${backend}: every case and every output of the four HF heads passes`, async () => {
      const report = await runConformance({ fixturesDir: hfDir, backend, kernel: KERNEL });
      const bad = report.rows.filter((r) => r.status !== "pass");
      expect(bad, JSON.stringify(bad.slice(0, 5), null, 1)).toEqual([]);
      expect(report.ok).toBe(true);
      expect(new Set(report.rows.map((r) => r.model))).toEqual(
        new Set(["tiny-hf-seqcls", "tiny-hf-qa", "tiny-hf-tokcls", "tiny-hf-mc"]),
      );
      expect(report.counts.pass).toBe(6);
    });
  }

  it("checks the QA case's best_span against the computed logits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-hf-"));
    try {
      mkdirSync(join(dir, "golden", "tiny-hf-qa"), { recursive: true });
      symlinkSync(join(hfDir, "models"), join(dir, "models"));
      const golden = join(hfDir, "golden", "tiny-hf-qa");
      symlinkSync(join(golden, "outputs.safetensors"), join(dir, "golden", "tiny-hf-qa", "outputs.safetensors"));
      const file = JSON.parse(readFileSync(join(golden, "cases.json"), "utf8")) as GoldenFile;
      file.cases[0]!.best_span = [
        [71, 83],
        [21, 21],
      ];
      writeFileSync(join(dir, "golden", "tiny-hf-qa", "cases.json"), JSON.stringify(file));
      const report = await runConformance({ fixturesDir: dir, backend: "cpu", kernel: KERNEL });
      expect(report.ok).toBe(false);
      expect(report.rows.every((r) => r.status === "error" && /best_span/.test(r.message!))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
