import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConvertError, loadWeights } from "@longformer-ts/convert";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertedModelDir, hubModel } from "./hub-model.js";
import { closedPort, type FakeHub, startFakeHub, startSilentServer } from "./testing/hub-server.test-util.js";
import { tempDirs } from "./testing/temp-dirs.test-util.js";

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
      dir: convertedModelDir(cacheDir, REPO, "main"),
      fromCache: false,
    });
    expect(existsSync(join(first.dir, "model.json"))).toBe(true);
    expect(existsSync(join(first.dir, "tokenizer.json"))).toBe(true);
    expect(hub.requests).toContain(`/${REPO}/resolve/main/model.safetensors`);

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
