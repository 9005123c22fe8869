import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { convert } from "../convert/convert.js";
import { ConvertError, type ConvertErrorCode } from "../errors.js";
import { loadWeights } from "../load-weights.js";
import { modelDir, tempDir } from "../testing/fixtures.test-util.js";
import { startHubServer, type TestServer } from "../testing/http-server.test-util.js";
import type { ConvertProgressEvent } from "../types.js";
import { fromHub, snapshotDir } from "./from-hub.js";

async function expectCode(
  run: () => Promise<unknown>,
  code: ConvertErrorCode,
  message?: RegExp,
): Promise<ConvertError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "expected a ConvertError").toBeInstanceOf(ConvertError);
  expect((error as ConvertError).code).toBe(code);
  if (message) expect((error as ConvertError).message).toMatch(message);
  return error as ConvertError;
}

const work = tempDir();
let server: TestServer;
let cacheCount = 0;
const freshCache = () => join(work, `cache-${++cacheCount}`);
const sameBytes = (a: string, b: string) => readFileSync(a).equals(readFileSync(b));

beforeAll(async () => {
  server = await startHubServer(
    {
      "test/tiny-mlm": modelDir("tiny-mlm"),
      "test/tiny-legacy": join(modelDir("tiny-mlm"), "legacy"),
      "test/mini-mlm": modelDir("mini-mlm"),
    },
    { revisions: ["main", "v1.0"] },
  );
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  for (const key of Object.keys(server.faults)) delete server.faults[key as keyof typeof server.faults];
});

describe("fromHub against a local hub server", () => {
  it("downloads config, weights and tokenizer files into <cache>/models--owner--name/snapshots/<rev>", async () => {
    const cacheDir = freshCache();
    const events: ConvertProgressEvent[] = [];
    const snap = await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url, onProgress: (e) => events.push(e) });
    expect(snap).toMatchObject({ repoId: "test/tiny-mlm", revision: "main", fromCache: false });
    expect(snap.dir).toBe(snapshotDir(cacheDir, "test/tiny-mlm", "main"));
    expect(snap.files).toEqual([
      "config.json",
      "model.safetensors",
      "tokenizer.json",
      "tokenizer_config.json",
      "special_tokens_map.json",
      "vocab.txt",
    ]);
    for (const f of snap.files) expect(sameBytes(join(snap.dir, f), join(modelDir("tiny-mlm"), f)), f).toBe(true);
    // Requests follow the hub's URL scheme; the weight candidates stop at the first hit.
    expect(server.requests.map((r) => r.path)).toContain("/test/tiny-mlm/resolve/main/model.safetensors");
    expect(server.requests.some((r) => r.path.endsWith("pytorch_model.bin"))).toBe(false);
    const weightEvents = events.filter((e) => e.file === "test/tiny-mlm/model.safetensors");
    expect(weightEvents.at(-1)).toMatchObject({ phase: "download", unit: "bytes", loaded: 4150520, total: 4150520 });
    for (let i = 1; i < weightEvents.length; i++)
      expect(weightEvents[i]!.loaded).toBeGreaterThan(weightEvents[i - 1]!.loaded);
    expect((await loadWeights(snap.dir)).weights.size).toBe(56);
  });

  it("serves a complete snapshot from the cache without any request, and offline", async () => {
    const cacheDir = freshCache();
    await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url });
    server.requests.length = 0;
    const again = await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url });
    expect(again.fromCache).toBe(true);
    const offline = await fromHub("test/tiny-mlm", { cacheDir, offline: true, endpoint: "http://127.0.0.1:9" });
    expect(offline.fromCache).toBe(true);
    expect(server.requests).toEqual([]);
  });

  it("offline mode (option or HF_HUB_OFFLINE=1) never touches the network and fails on a cache miss", async () => {
    await expectCode(
      () => fromHub("test/tiny-mlm", { cacheDir: freshCache(), offline: true, endpoint: server.url }),
      "OFFLINE_CACHE_MISS",
      /not in the cache/,
    );
    process.env.HF_HUB_OFFLINE = "1";
    try {
      await expectCode(
        () => fromHub("test/tiny-mlm", { cacheDir: freshCache(), endpoint: server.url }),
        "OFFLINE_CACHE_MISS",
      );
    } finally {
      delete process.env.HF_HUB_OFFLINE;
    }
    expect(server.requests).toEqual([]);
  });

  it("takes the endpoint from HF_ENDPOINT and the revision from the options", async () => {
    process.env.HF_ENDPOINT = `${server.url}/`;
    try {
      const snap = await fromHub("test/tiny-mlm", { cacheDir: freshCache(), revision: "v1.0" });
      expect(snap.dir).toMatch(/snapshots\/v1\.0$/);
    } finally {
      delete process.env.HF_ENDPOINT;
    }
    expect(server.requests[0]!.path).toBe("/test/tiny-mlm/resolve/v1.0/config.json");
    await expectCode(
      () => fromHub("test/tiny-mlm", { cacheDir: freshCache(), endpoint: server.url, revision: "nope" }),
      "HUB_NOT_FOUND",
      /revision nope/,
    );
    await expectCode(() => fromHub("test/absent", { cacheDir: freshCache(), endpoint: server.url }), "HUB_NOT_FOUND");
    await expectCode(() => fromHub("../etc", { cacheDir: freshCache(), endpoint: server.url }), "INVALID_ARGUMENT");
  });

  it("falls back to pytorch_model.bin when the repo has no safetensors", async () => {
    const snap = await fromHub("test/tiny-legacy", { cacheDir: freshCache(), endpoint: server.url });
    expect(snap.files).toEqual(["config.json", "pytorch_model.bin"]);
    expect((await loadWeights(snap.dir)).format).toBe("pytorch-legacy");
  });

  it("resumes a partial download with a Range request", async () => {
    const cacheDir = freshCache();
    const dir = snapshotDir(cacheDir, "test/tiny-mlm", "main");
    mkdirSync(dir, { recursive: true });
    const full = readFileSync(join(modelDir("tiny-mlm"), "model.safetensors"));
    writeFileSync(join(dir, "model.safetensors.incomplete"), full.subarray(0, 1_000_000));
    await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url });
    const weightRequest = server.requests.find((r) => r.path.endsWith("/model.safetensors"))!;
    expect(weightRequest.range).toBe("bytes=1000000-");
    expect(sameBytes(join(dir, "model.safetensors"), join(modelDir("tiny-mlm"), "model.safetensors"))).toBe(true);
    expect(existsSync(join(dir, "model.safetensors.incomplete"))).toBe(false);
  });

  it("an interrupted download fails with DOWNLOAD_FAILED, keeps the partial file, and the next call resumes", async () => {
    const cacheDir = freshCache();
    const dir = snapshotDir(cacheDir, "test/tiny-mlm", "main");
    server.faults.cutAfter = { file: "model.safetensors", bytes: 1_500_000, times: 1 };
    await expectCode(
      () => fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url }),
      "DOWNLOAD_FAILED",
      /rerun to resume/,
    );
    expect(existsSync(join(dir, "model.safetensors"))).toBe(false);
    const partial = statSync(join(dir, "model.safetensors.incomplete")).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThanOrEqual(1_500_000);
    // No complete snapshot yet: offline mode must not accept it.
    await expectCode(() => fromHub("test/tiny-mlm", { cacheDir, offline: true }), "OFFLINE_CACHE_MISS");
    server.requests.length = 0;
    await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url });
    expect(server.requests.find((r) => r.path.endsWith("/model.safetensors"))!.range).toBe(`bytes=${partial}-`);
    expect(sameBytes(join(dir, "model.safetensors"), join(modelDir("tiny-mlm"), "model.safetensors"))).toBe(true);
  });

  it("restarts from scratch when the server ignores Range", async () => {
    const cacheDir = freshCache();
    const dir = snapshotDir(cacheDir, "test/tiny-mlm", "main");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "model.safetensors.incomplete"), Buffer.from("garbage that is not a prefix"));
    server.faults.noRange = true;
    await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url });
    expect(sameBytes(join(dir, "model.safetensors"), join(modelDir("tiny-mlm"), "model.safetensors"))).toBe(true);
  });

  it("discards a download whose sha256 does not match the announced ETag", async () => {
    const cacheDir = freshCache();
    const dir = snapshotDir(cacheDir, "test/tiny-mlm", "main");
    server.faults.wrongSha = "model.safetensors";
    await expectCode(() => fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url }), "INTEGRITY", /sha256/);
    expect(existsSync(join(dir, "model.safetensors"))).toBe(false);
    expect(existsSync(join(dir, "model.safetensors.incomplete"))).toBe(false);
  });

  it("gives up on a stalled server after the idle timeout instead of hanging", async () => {
    server.faults.stall = { file: "model.safetensors", bytes: 1000 };
    await expectCode(
      () => fromHub("test/tiny-mlm", { cacheDir: freshCache(), endpoint: server.url, idleTimeoutMs: 300 }),
      "DOWNLOAD_FAILED",
      /no data for 300 ms/,
    );
  });

  it("convert() takes a hub id and converts the downloaded snapshot", async () => {
    const out = join(work, "from-hub-out");
    const summary = await convert("test/mini-mlm", out, {
      dtype: "float16",
      hub: { cacheDir: freshCache(), endpoint: server.url },
    });
    expect(summary).toMatchObject({
      source: "test/mini-mlm",
      sourceFormat: "safetensors",
      tensors: 144,
      dtypes: { float16: 144 },
    });
    expect(existsSync(join(out, "tokenizer.json"))).toBe(true);
  });
});
