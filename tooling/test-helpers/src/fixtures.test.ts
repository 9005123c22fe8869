import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  FixturesMissingError,
  fixturesRoot,
  longformerFixturesDir,
  repoRoot,
  resolveFromInvocationDir,
  tokenizerFixtureDir,
} from "./fixtures.js";

const scratch = mkdtempSync(join(tmpdir(), "test-helpers-fixtures-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A directory under the scratch folder, created with its parents. */
function dir(...parts: string[]): string {
  const path = join(scratch, ...parts);
  mkdirSync(path, { recursive: true });
  return path;
}

describe("fixturesRoot: default", () => {
  it("is the repository's own fixtures/ folder", () => {
    expect(fixturesRoot({ env: {} })).toBe(join(repoRoot(), "fixtures"));
    expect(longformerFixturesDir({ env: {} })).toBe(join(repoRoot(), "fixtures", "longformer"));
    expect(tokenizerFixtureDir("bert-base-uncased", { env: {} })).toBe(
      join(repoRoot(), "fixtures", "tokenizer", "bert-base-uncased"),
    );
  });

  it("works in a clone with no ../shared beside it", () => {
    // <scratch>/clone is a repository with its fixtures/; <scratch>/shared does not exist.
    const clone = dir("clone");
    writeFileSync(join(clone, "pnpm-workspace.yaml"), "packages: []\n");
    dir("clone", "fixtures", "longformer");
    const pkg = dir("clone", "tooling", "test-helpers", "src");
    expect(fixturesRoot({ env: {}, from: pkg })).toBe(join(clone, "fixtures"));
    expect(longformerFixturesDir({ env: {}, from: pkg })).toBe(join(clone, "fixtures", "longformer"));
  });

  it("fails loudly, naming the folder and where fixtures come from, when the clone has none", () => {
    const bare = dir("bare");
    writeFileSync(join(bare, "pnpm-workspace.yaml"), "packages: []\n");
    const error = (() => {
      try {
        fixturesRoot({ env: {}, from: bare });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FixturesMissingError);
    expect((error as FixturesMissingError).code).toBe("FIXTURES_MISSING");
    expect((error as FixturesMissingError).path).toBe(join(bare, "fixtures"));
    expect((error as Error).message).toMatch(/fixtures\/ folder/);
    expect((error as Error).message).toMatch(/pnpm fixtures:sync/);
  });
});

describe("fixturesRoot: LONGFORMER_FIXTURES", () => {
  it("an absolute value is used as it is", () => {
    const elsewhere = dir("elsewhere", "fx");
    expect(fixturesRoot({ env: { LONGFORMER_FIXTURES: elsewhere, INIT_CWD: dir("typed-here") } })).toBe(elsewhere);
  });

  it("a relative value resolves against the directory the command was typed in (INIT_CWD), not the cwd", () => {
    const typedIn = dir("typed-in");
    const target = dir("typed-in", "my", "fx");
    expect(fixturesRoot({ env: { LONGFORMER_FIXTURES: "my/fx", INIT_CWD: typedIn } })).toBe(target);
    expect(fixturesRoot({ env: { LONGFORMER_FIXTURES: "../typed-in/my/fx", INIT_CWD: dir("sibling") } })).toBe(target);
  });

  it("a relative value without INIT_CWD (a bare node or vitest call) resolves against the cwd", () => {
    expect(resolveFromInvocationDir("a/b", {})).toBe(join(process.cwd(), "a", "b"));
    expect(resolveFromInvocationDir("/abs/x", { INIT_CWD: "/elsewhere" })).toBe("/abs/x");
  });

  it("fails loudly when it points nowhere", () => {
    expect(() => fixturesRoot({ env: { LONGFORMER_FIXTURES: join(scratch, "nonexistent") } })).toThrow(
      FixturesMissingError,
    );
  });
});
