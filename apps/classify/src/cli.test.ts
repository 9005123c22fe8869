import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { longformerFixturesDir, tempDirs } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const tempDir = tempDirs();

/** `pnpm classify ...` as a user types it at the root; without the npm_* / INIT_CWD variables of the pnpm running vitest. */
function pnpmClassify(args: string[], cwd = REPO_ROOT) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_|INIT_CWD$)/i.test(key)));
  return spawnSync("pnpm", ["--dir", REPO_ROOT, "classify", ...args], { cwd, env, encoding: "utf8", timeout: 60_000 });
}

describe("pnpm classify, typed at the repository root", () => {
  it("exits with the CLI's own status (2 for bad usage), without pnpm's error block", () => {
    const run = pnpmClassify(["--model", "x", "--bogus"]);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: unknown option '--bogus'\n(run with --help for usage)\n");
    expect(run.stderr).not.toContain("ERR_PNPM");
    expect(run.stdout).toBe("");
  });

  it("takes file paths from the directory the command was typed in", () => {
    const dir = tempDir("classify-root-");
    writeFileSync(join(dir, "doc.txt"), "The harbour town lies at the mouth of a river.");
    const run = pnpmClassify(["--model", join(longformerFixturesDir(), "models", "tiny-seqcls"), "doc.txt"], dir);
    expect(run.stderr).not.toContain("ERR_PNPM");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^LABEL_\d\t\d\.\d{4}\tdoc\.txt\n$/);
  });
});
