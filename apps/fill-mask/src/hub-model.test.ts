import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConvertError, loadWeights } from "@longformer-ts/convert";
import { longformerFixturesDir, tempDirs } from "@longformer-ts/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheRoots, convertedModelDir, hubModel } from "./hub-model.js";
import { closedPort, type FakeHub, startFakeHub, startSilentServer } from "./testing/hub-server.test-util.js";

const tempDir = tempDirs();

const REPO = "test-owner/tiny-mlm";

describe("hubModel", () => {
  let hub: FakeHub;
  const tiny = join(longformerFixturesDir(), "models", "tiny-mlm");
  beforeAll(async () => {
    hub = await startFakeHub(REPO, tiny);
  });
  afterAll(async () => {
    await hub.close();
  });

  it("downloads, converts and caches on first use, then loads from the cache without the network", async () => {
    const cacheDir = tempDir("fill-mask-cache-");
    const first = await hubModel(REPO, { cacheDir, endpoint: hub.endpoint });
    expect(first).toEqual({
      repoId: REPO,
      revision: "main",
      dir: convertedModelDir(join(cacheDir, "converted"), REPO, "main"),
      fromCache: false,
    });
    expect(existsSync(join(first.dir, "model.json"))).toBe(true);
    expect(existsSync(join(first.dir, "tokenizer.json"))).toBe(true);
    expect(hub.requests).toContain(`/${REPO}/resolve/main/model.safetensors`);
    // The raw snapshot sits in huggingface_hub's layout under <cacheDir>/hub, apart from the conversion.
    expect(existsSync(join(cacheDir, "hub", "models--test-owner--tiny-mlm", "refs", "main"))).toBe(true);

    const converted = await loadWeights(first.dir);
    const original = await loadWeights(tiny);
    expect(converted.format).toBe("tfjs");
    expect([...converted.weights.keys()].sort()).toEqual([...original.weights.keys()].sort());

    const requestsBefore = hub.requests.length;
    const second = await hubModel(REPO, { cacheDir, endpoint: "http://127.0.0.1:1", offline: false });
    expect(second).toEqual({ ...first, fromCache: true });
    expect(hub.requests.length).toBe(requestsBefore);
  });

  it("fails fast with DOWNLOAD_FAILED when nothing listens at the endpoint", async () => {
    const cacheDir = tempDir("fill-mask-cache-");
    const started = Date.now();
    const error = await hubModel(REPO, { cacheDir, endpoint: `http://127.0.0.1:${await closedPort()}` }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ConvertError);
    expect((error as ConvertError).code).toBe("DOWNLOAD_FAILED");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("gives up after the connect timeout when the hub accepts but never answers", async () => {
    const silent = await startSilentServer();
    try {
      const cacheDir = tempDir("fill-mask-cache-");
      const started = Date.now();
      const error = await hubModel(REPO, { cacheDir, endpoint: silent.endpoint, connectTimeoutMs: 300 }).catch(
        (e) => e,
      );
      expect((error as ConvertError).code).toBe("DOWNLOAD_FAILED");
      expect((error as Error).message).toMatch(/no answer within 300 ms/);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await silent.close();
    }
  });

  it("offline with an empty cache is OFFLINE_CACHE_MISS, without a request", async () => {
    const cacheDir = tempDir("fill-mask-cache-");
    const before = hub.requests.length;
    const error = await hubModel(REPO, { cacheDir, endpoint: hub.endpoint, offline: true }).catch((e) => e);
    expect((error as ConvertError).code).toBe("OFFLINE_CACHE_MISS");
    expect(hub.requests.length).toBe(before);
  });
});

describe("cacheRoots", () => {
  it("keeps conversions out of the HuggingFace hub cache it shares with Python", () => {
    const env = { HF_HOME: "/h/hf", XDG_CACHE_HOME: "/h/cache" };
    const saved = {
      HF_HOME: process.env.HF_HOME,
      HF_HUB_CACHE: process.env.HF_HUB_CACHE,
      LT: process.env.LONGFORMER_TS_CACHE,
    };
    process.env.HF_HOME = env.HF_HOME;
    delete process.env.HF_HUB_CACHE;
    delete process.env.LONGFORMER_TS_CACHE;
    try {
      expect(cacheRoots(undefined, env)).toEqual({ hub: "/h/hf/hub", converted: "/h/cache/longformer-ts/converted" });
    } finally {
      for (const [k, v] of [
        ["HF_HOME", saved.HF_HOME],
        ["HF_HUB_CACHE", saved.HF_HUB_CACHE],
        ["LONGFORMER_TS_CACHE", saved.LT],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it("puts both under an explicit --cache-dir", () => {
    expect(cacheRoots("/c")).toEqual({ hub: "/c/hub", converted: "/c/converted" });
  });
});
