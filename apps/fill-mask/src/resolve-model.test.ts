import { join } from "node:path";
import { fixturesRoot, longformerFixturesDir, tempDirs } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";
import { resolveModel } from "./resolve-model.js";
import { closedPort } from "./testing/hub-server.test-util.js";

const tempDir = tempDirs();

const DEFAULT = { kind: "hub", repoId: "kiddothe2b/longformer-mini-1024", revision: "main" } as const;

describe("resolveModel", () => {
  it("falls back to the mini-mlm fixture for the default model, saying so in one line", async () => {
    const lines: string[] = [];
    const model = await resolveModel(DEFAULT, {
      isDefault: true,
      env: { LONGFORMER_FIXTURES: fixturesRoot() },
      log: (line) => lines.push(line),
      hub: { cacheDir: tempDir("fm-"), endpoint: `http://127.0.0.1:${await closedPort()}` },
    });
    expect(model).toMatchObject({ kind: "fixture", randomWeights: true });
    expect(model.source).toBe(join(longformerFixturesDir(), "models", "mini-mlm"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    // Both halves: what failed (the endpoint tried and the cause) and what is used instead (the fixture's path).
    expect(lines[0]).toMatch(
      /^kiddothe2b\/longformer-mini-1024 not available \(hub unreachable at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.*\); /,
    );
    expect(lines[0]).toContain(`falling back to the mini-mlm test fixture (${model.source}): its weights are RANDOM`);
  });

  it("names offline mode as the reason when the cache is empty", async () => {
    const lines: string[] = [];
    const model = await resolveModel(DEFAULT, {
      isDefault: true,
      log: (line) => lines.push(line),
      hub: { cacheDir: tempDir("fm-"), offline: true },
    });
    expect(model.fallbackReason).toBe("offline and not in the cache");
    expect(lines[0]).toContain("offline and not in the cache");
  });

  it("without the fixture, fails with both the hub failure and where the fixture was looked for", async () => {
    const noFixtures = tempDir("no-fixtures-");
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const lines: string[] = [];
    const error = await resolveModel(DEFAULT, {
      isDefault: true,
      env: { LONGFORMER_FIXTURES: noFixtures },
      log: (line) => lines.push(line),
      hub: { cacheDir: tempDir("fm-"), endpoint },
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "FIXTURE_MISSING" });
    expect(error.message).toMatch(
      new RegExp(`^kiddothe2b/longformer-mini-1024 not available \\(hub unreachable at ${endpoint}: .*ECONNREFUSED`),
    );
    expect(error.message).toContain(`and no fallback: the fallback fixture mini-mlm is not at ${noFixtures}`);
    expect(lines).toEqual([]);
  });

  it("does not replace a model the user asked for", async () => {
    const error = await resolveModel(DEFAULT, {
      isDefault: false,
      log: () => {},
      hub: { cacheDir: tempDir("fm-"), offline: true },
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "OFFLINE_CACHE_MISS" });
  });

  it("passes directories and URLs through", async () => {
    const hub = { cacheDir: "/nonexistent" };
    const dir = await resolveModel({ kind: "dir", path: "/models/x" }, { isDefault: false, log: () => {}, hub });
    const url = await resolveModel({ kind: "url", url: "http://h/m/" }, { isDefault: false, log: () => {}, hub });
    expect(dir).toEqual({ source: "/models/x", name: "/models/x", kind: "dir", randomWeights: false });
    expect(url).toEqual({ source: "http://h/m/", name: "http://h/m/", kind: "url", randomWeights: false });
  });
});
