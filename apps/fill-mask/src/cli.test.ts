import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixturesRoot } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The real entry point, started the way `pnpm demo` starts it (tsx with the `source` condition). */
function demo(args: string[]) {
  const { INIT_CWD: _ignored, ...env } = process.env;
  return spawnSync(process.execPath, ["--conditions=source", "--import", "tsx", "src/cli.ts", ...args], {
    cwd: APP_DIR,
    env: { ...env, LONGFORMER_FIXTURES: fixturesRoot(), HF_HUB_OFFLINE: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("the demo entry point", () => {
  it("falls back offline, keeps data on stdout and logs on stderr, and exits 0", () => {
    const run = demo([
      "--",
      "--offline",
      "--cache-dir",
      mkdtempSync(join(tmpdir(), "demo-")),
      "--top-k",
      "2",
      "Hello I'm a <mask> model.",
    ]);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^model: mini-mlm fixture \(.*\)\nnote: {2}RANDOM weights/);
    expect(run.stdout.split("\n").filter((l) => /^\s+\d\. /.test(l))).toHaveLength(2);
    const stderr = run.stderr.trimEnd().split("\n");
    expect(stderr[0]).toMatch(
      /^kiddothe2b\/longformer-mini-1024 not available \(offline and not in the cache\); .* RANDOM/,
    );
    expect(stderr[1]).toMatch(/^loaded mini-mlm fixture .* on wasm in /);
    expect(stderr).toHaveLength(2);
  });

  it("exits 2 on a bad option", () => {
    const run = demo(["--top-k", "many"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("option '-k, --top-k <n>' argument 'many' is invalid");
  });
});
