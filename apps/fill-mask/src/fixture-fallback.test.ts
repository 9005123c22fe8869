import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturesRoot } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";
import { fallbackFixtureDir } from "./fixture-fallback.js";

describe("fallbackFixtureDir", () => {
  it("finds mini-mlm where the test helpers find the fixtures (same environment)", () => {
    const dir = fallbackFixtureDir(process.env);
    expect(dir).toBe(join(fixturesRoot(), "longformer", "models", "mini-mlm"));
    expect(existsSync(join(dir, "model.safetensors"))).toBe(true);
  });

  it("without LONGFORMER_FIXTURES, looks beside the repository: <repo>/../shared/fixtures", () => {
    const top = mkdtempSync(join(tmpdir(), "layout-"));
    const repo = join(top, "repo");
    mkdirSync(join(repo, "apps", "fill-mask", "src"), { recursive: true });
    writeFileSync(join(repo, "pnpm-workspace.yaml"), "packages: []\n");
    const mini = join(top, "shared", "fixtures", "longformer", "models", "mini-mlm");
    mkdirSync(mini, { recursive: true });
    writeFileSync(join(mini, "config.json"), "{}");
    expect(fallbackFixtureDir({}, join(repo, "apps", "fill-mask", "src"))).toBe(mini);
  });

  it("follows LONGFORMER_FIXTURES", () => {
    const root = mkdtempSync(join(tmpdir(), "fixtures-"));
    const mini = join(root, "longformer", "models", "mini-mlm");
    mkdirSync(mini, { recursive: true });
    writeFileSync(join(mini, "config.json"), "{}");
    expect(fallbackFixtureDir({ LONGFORMER_FIXTURES: root })).toBe(mini);
  });

  it("says where it looked when the fixture is missing", () => {
    const empty = mkdtempSync(join(tmpdir(), "no-fixtures-"));
    expect(() => fallbackFixtureDir({ LONGFORMER_FIXTURES: empty })).toThrowError(
      expect.objectContaining({ code: "FIXTURE_MISSING", message: expect.stringContaining(empty) }),
    );
  });
});
