import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDirs } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";
import { fallbackFixtureDir } from "./fixture-fallback.js";

const tempDir = tempDirs();

/** A fixtures folder holding a (config-only) mini-mlm; returns the model directory. */
function miniMlmUnder(fixtures: string): string {
  const mini = join(fixtures, "longformer", "models", "mini-mlm");
  mkdirSync(mini, { recursive: true });
  writeFileSync(join(mini, "config.json"), "{}");
  return mini;
}

/** A repository layout: `<top>/repo/pnpm-workspace.yaml` and the app's source folder; returns both. */
function repoLayout(): { top: string; repo: string; appSrc: string } {
  const top = tempDir("layout-");
  const repo = join(top, "repo");
  const appSrc = join(repo, "apps", "fill-mask", "src");
  mkdirSync(appSrc, { recursive: true });
  writeFileSync(join(repo, "pnpm-workspace.yaml"), "packages: []\n");
  return { top, repo, appSrc };
}

describe("fallbackFixtureDir", () => {
  it("without LONGFORMER_FIXTURES, uses the repository's own fixtures: <repo>/fixtures", () => {
    const { repo, appSrc } = repoLayout();
    const mini = miniMlmUnder(join(repo, "fixtures"));
    expect(fallbackFixtureDir({}, appSrc)).toBe(mini);
  });

  it("no longer looks beside the repository (../shared/fixtures)", () => {
    const { top, repo, appSrc } = repoLayout();
    miniMlmUnder(join(top, "shared", "fixtures"));
    expect(() => fallbackFixtureDir({}, appSrc)).toThrowError(
      expect.objectContaining({
        code: "FIXTURE_MISSING",
        message: expect.stringContaining(join(repo, "fixtures", "longformer", "models", "mini-mlm")),
      }),
    );
  });

  it("follows an absolute LONGFORMER_FIXTURES", () => {
    const root = tempDir("fixtures-");
    const mini = miniMlmUnder(root);
    expect(fallbackFixtureDir({ LONGFORMER_FIXTURES: root })).toBe(mini);
  });

  it("takes a relative LONGFORMER_FIXTURES from INIT_CWD (where the user typed the command)", () => {
    const userDir = tempDir("user-cwd-");
    const mini = miniMlmUnder(join(userDir, "my-fixtures"));
    expect(fallbackFixtureDir({ LONGFORMER_FIXTURES: "my-fixtures", INIT_CWD: userDir })).toBe(mini);
    expect(fallbackFixtureDir({ LONGFORMER_FIXTURES: "./my-fixtures/", INIT_CWD: userDir })).toBe(mini);
  });

  it("says where it looked when the fixture is missing", () => {
    const empty = tempDir("no-fixtures-");
    expect(() => fallbackFixtureDir({ LONGFORMER_FIXTURES: empty })).toThrowError(
      expect.objectContaining({ code: "FIXTURE_MISSING", message: expect.stringContaining(empty) }),
    );
  });
});
