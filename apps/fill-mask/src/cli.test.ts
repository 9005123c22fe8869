import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixturesRoot, tempDirs } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";

const tempDir = tempDirs();

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const REPO_ROOT = join(APP_DIR, "..", "..");

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
    const run = demo(["--", "--offline", "--cache-dir", tempDir("demo-"), "--top-k", "2", "Hello I'm a <mask> model."]);
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

describe("pnpm demo, typed at the repository root", () => {
  /** `pnpm demo ...` as a user types it; without the npm_* / INIT_CWD variables of the pnpm running vitest. */
  function pnpmDemo(args: string[]) {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_|INIT_CWD$)/i.test(key)),
    );
    return spawnSync("pnpm", ["demo", ...args], {
      cwd: REPO_ROOT,
      env: { ...env, LONGFORMER_FIXTURES: fixturesRoot(), HF_HUB_OFFLINE: "" },
      encoding: "utf8",
      timeout: 60_000,
    });
  }

  it("exits with the CLI's own status (2 for bad usage), without pnpm's error block", () => {
    const run = pnpmDemo(["--bogus"]);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: unknown option '--bogus'\n(run with --help for usage)\n");
    expect(run.stderr).not.toContain("ERR_PNPM");
    expect(run.stdout).toBe("");
  });

  it("keeps stdout for the results (--json parses as is)", () => {
    const run = pnpmDemo(["--offline", "--cache-dir", tempDir("demo-"), "--json", "-k", "1", "a <mask> b"]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ model: { kind: "fixture" }, topK: 1 });
  });
});
