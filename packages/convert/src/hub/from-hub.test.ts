import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { convert } from "../convert/convert.js";
import { loadWeights } from "../load-weights.js";
import { expectCode } from "../testing/expect-code.test-util.js";
import { modelDir, tempDir } from "../testing/fixtures.test-util.js";
import { startHubServer, type TestServer, testCommit } from "../testing/http-server.test-util.js";
import type { ConvertProgressEvent } from "../types.js";
import { fromHub } from "./from-hub.js";
import { isHubRepoId } from "./repo-id.js";

const work = tempDir();
let server: TestServer;
let cacheCount = 0;
const freshCache = () => join(work, `cache-${++cacheCount}`);
const sameBytes = (a: string, b: string) => readFileSync(a).equals(readFileSync(b));
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const tinyWeights = join(modelDir("tiny-mlm"), "model.safetensors");
/** Where huggingface_hub keeps a repo: <cache>/models--owner--name. */
const repoRoot = (cacheDir: string, repoId: string) => join(cacheDir, `models--${repoId.replace("/", "--")}`);
const snapshotOf = (cacheDir: string, repoId: string, revision = "main") =>
  join(repoRoot(cacheDir, repoId), "snapshots", testCommit(repoId, revision));
const blobsOf = (cacheDir: string, repoId: string) => join(repoRoot(cacheDir, repoId), "blobs");
const weightGets = () => server.requests.filter((r) => r.method === "GET" && r.path.endsWith("/model.safetensors"));

// A repo whose only weights entry is a sharded index that is really an HTML page (a mirror's error page).
const htmlIndexRepo = join(work, "html-index-repo");
mkdirSync(htmlIndexRepo);
writeFileSync(join(htmlIndexRepo, "config.json"), readFileSync(join(modelDir("tiny-mlm"), "config.json")));
writeFileSync(
  join(htmlIndexRepo, "model.safetensors.index.json"),
  "<!DOCTYPE html><html><body>Bad gateway</body></html>",
);

beforeAll(async () => {
  server = await startHubServer(
    {
      "test/tiny-mlm": modelDir("tiny-mlm"),
      "test/tiny-legacy": join(modelDir("tiny-mlm"), "legacy"),
      "test/mini-mlm": modelDir("mini-mlm"),
      "test/html-index": htmlIndexRepo,
    },
    { revisions: ["main", "v1.0"] },
  );
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  for (const key of Object.keys(server.faults)) delete server.faults[key as keyof typeof server.faults];
  for (const name of ["HF_HOME", "HF_HUB_CACHE", "LONGFORMER_TS_CACHE", "HF_HUB_OFFLINE", "HF_ENDPOINT"]) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});
const savedEnv: Record<string, string | undefined> = Object.fromEntries(
  ["HF_HOME", "HF_HUB_CACHE", "LONGFORMER_TS_CACHE", "HF_HUB_OFFLINE", "HF_ENDPOINT"].map((n) => [n, process.env[n]]),
);

describe("fromHub against a local hub server", () => {
  it("downloads config, weights and tokenizer files into huggingface_hub's layout (blobs, snapshots/<commit>, refs)", async () => {
    const cacheDir = freshCache();
    const events: ConvertProgressEvent[] = [];
    const snap = await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url, onProgress: (e) => events.push(e) });
    const commit = testCommit("test/tiny-mlm", "main");
    expect(snap).toMatchObject({ repoId: "test/tiny-mlm", revision: "main", fromCache: false, commit });
    expect(snap.dir).toBe(snapshotOf(cacheDir, "test/tiny-mlm"));
    expect(readFileSync(join(repoRoot(cacheDir, "test/tiny-mlm"), "refs", "main"), "utf8")).toBe(commit);
    expect(snap.files).toEqual([
      "config.json",
      "model.safetensors",
      "tokenizer.json",
      "tokenizer_config.json",
      "special_tokens_map.json",
      "vocab.txt",
    ]);
    for (const f of snap.files) {
      expect(sameBytes(join(snap.dir, f), join(modelDir("tiny-mlm"), f)), f).toBe(true);
      // A relative symlink to the blob named by the file's ETag (its sha256 here), as huggingface_hub makes.
      expect(lstatSync(join(snap.dir, f)).isSymbolicLink(), f).toBe(true);
      expect(readlinkSync(join(snap.dir, f))).toBe(`../../blobs/${sha256(join(modelDir("tiny-mlm"), f))}`);
    }
    expect(readdirSync(blobsOf(cacheDir, "test/tiny-mlm"))).toHaveLength(6);
    // Requests follow the hub's URL scheme; later files are pinned to the commit; candidates stop at the first hit.
    expect(server.requests[0]).toMatchObject({ method: "HEAD", path: "/test/tiny-mlm/resolve/main/config.json" });
    expect(weightGets().map((r) => r.path)).toEqual([`/test/tiny-mlm/resolve/${commit}/model.safetensors`]);
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

  it("uses a model that Python's huggingface_hub downloaded (HF_HOME, HF_HUB_CACHE) without any request", async () => {
    // The layout huggingface_hub writes: blobs named by ETag, snapshots/<commit> of relative symlinks, refs/main.
    const home = join(work, "python-hf-home");
    const repo = join(home, "hub", "models--test--tiny-mlm");
    const commit = "0123456789abcdef0123456789abcdef01234567";
    mkdirSync(join(repo, "blobs"), { recursive: true });
    mkdirSync(join(repo, "snapshots", commit), { recursive: true });
    mkdirSync(join(repo, "refs"));
    writeFileSync(join(repo, "refs", "main"), commit);
    for (const f of ["config.json", "model.safetensors", "tokenizer.json", "vocab.txt"]) {
      const etag = sha256(join(modelDir("tiny-mlm"), f));
      writeFileSync(join(repo, "blobs", etag), readFileSync(join(modelDir("tiny-mlm"), f)));
      symlinkSync(`../../blobs/${etag}`, join(repo, "snapshots", commit, f));
    }
    delete process.env.LONGFORMER_TS_CACHE;
    delete process.env.HF_HUB_CACHE;
    process.env.HF_HOME = home;
    const snap = await fromHub("test/tiny-mlm", { endpoint: server.url });
    expect(snap).toMatchObject({ fromCache: true, commit, dir: join(repo, "snapshots", commit) });
    expect(snap.files).toEqual(["config.json", "model.safetensors", "tokenizer.json", "vocab.txt"]);
    expect((await loadWeights(snap.dir)).weights.size).toBe(56);
    // HF_HUB_CACHE names the hub cache itself and wins over HF_HOME.
    process.env.HF_HUB_CACHE = join(home, "hub");
    process.env.HF_HOME = join(work, "elsewhere");
    expect((await fromHub("test/tiny-mlm", { endpoint: server.url, offline: true })).dir).toBe(snap.dir);
    expect(server.requests).toEqual([]);
  });

  it("offline mode (option or HF_HUB_OFFLINE=1) never touches the network and fails on a cache miss", async () => {
    await expectCode(
      () => fromHub("test/tiny-mlm", { cacheDir: freshCache(), offline: true, endpoint: server.url }),
      "OFFLINE_CACHE_MISS",
      /not in the cache/,
    );
    process.env.HF_HUB_OFFLINE = "1";
    await expectCode(
      () => fromHub("test/tiny-mlm", { cacheDir: freshCache(), endpoint: server.url }),
      "OFFLINE_CACHE_MISS",
    );
    expect(server.requests).toEqual([]);
  });

  it("takes the endpoint from HF_ENDPOINT and the revision from the options", async () => {
    process.env.HF_ENDPOINT = `${server.url}/`;
    const cacheDir = freshCache();
    const snap = await fromHub("test/tiny-mlm", { cacheDir, revision: "v1.0" });
    delete process.env.HF_ENDPOINT;
    expect(snap.dir).toBe(snapshotOf(cacheDir, "test/tiny-mlm", "v1.0"));
    expect(readFileSync(join(repoRoot(cacheDir, "test/tiny-mlm"), "refs", "v1.0"), "utf8")).toBe(snap.commit);
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

  it("resumes a partial download (blobs/<etag>.incomplete, as huggingface_hub names it) with a Range request", async () => {
    const cacheDir = freshCache();
    const blobs = blobsOf(cacheDir, "test/tiny-mlm");
    mkdirSync(blobs, { recursive: true });
    const partial = join(blobs, `${sha256(tinyWeights)}.incomplete`);
    writeFileSync(partial, readFileSync(tinyWeights).subarray(0, 1_000_000));
    const snap = await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url });
    expect(weightGets()[0]!.range).toBe("bytes=1000000-");
    expect(sameBytes(join(snap.dir, "model.safetensors"), tinyWeights)).toBe(true);
    expect(existsSync(partial)).toBe(false);
  });

  it("an interrupted download fails with DOWNLOAD_FAILED, keeps the partial file, and the next call resumes", async () => {
    const cacheDir = freshCache();
    const partial = join(blobsOf(cacheDir, "test/tiny-mlm"), `${sha256(tinyWeights)}.incomplete`);
    server.faults.cutAfter = { file: "model.safetensors", bytes: 1_500_000, times: 1 };
    await expectCode(
      () => fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url }),
      "DOWNLOAD_FAILED",
      /rerun to resume/,
    );
    expect(existsSync(join(snapshotOf(cacheDir, "test/tiny-mlm"), "model.safetensors"))).toBe(false);
    const size = statSync(partial).size;
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThanOrEqual(1_500_000);
    // No complete snapshot yet (config and tokenizer files are there, the weights are not): offline refuses it.
    await expectCode(() => fromHub("test/tiny-mlm", { cacheDir, offline: true }), "OFFLINE_CACHE_MISS");
    server.requests.length = 0;
    const snap = await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url });
    expect(weightGets()[0]!.range).toBe(`bytes=${size}-`);
    expect(sameBytes(join(snap.dir, "model.safetensors"), tinyWeights)).toBe(true);
  });

  it("restarts from scratch when the server ignores Range", async () => {
    const cacheDir = freshCache();
    const blobs = blobsOf(cacheDir, "test/tiny-mlm");
    mkdirSync(blobs, { recursive: true });
    writeFileSync(join(blobs, `${sha256(tinyWeights)}.incomplete`), Buffer.from("garbage that is not a prefix"));
    server.faults.noRange = true;
    const snap = await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url });
    expect(sameBytes(join(snap.dir, "model.safetensors"), tinyWeights)).toBe(true);
  });

  it("discards a download whose sha256 does not match the announced ETag", async () => {
    const cacheDir = freshCache();
    server.faults.wrongSha = "model.safetensors";
    await expectCode(() => fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url }), "INTEGRITY", /sha256/);
    expect(existsSync(join(snapshotOf(cacheDir, "test/tiny-mlm"), "model.safetensors"))).toBe(false);
    expect(readdirSync(blobsOf(cacheDir, "test/tiny-mlm")).filter((f) => f.startsWith("0000"))).toEqual([]);
  });

  it("gives up on a stalled server after the idle timeout instead of hanging", async () => {
    server.faults.stall = { file: "model.safetensors", bytes: 1000 };
    await expectCode(
      () => fromHub("test/tiny-mlm", { cacheDir: freshCache(), endpoint: server.url, idleTimeoutMs: 300 }),
      "DOWNLOAD_FAILED",
      /no data for 300 ms/,
    );
  });

  it("two concurrent downloads of one model both succeed with one correct cached copy, downloaded once", async () => {
    const cacheDir = freshCache();
    server.faults.slow = { file: "model.safetensors", ms: 300 };
    const [a, b] = await Promise.all([
      fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url }),
      fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url }),
    ]);
    expect(a.dir).toBe(b.dir);
    expect(sameBytes(join(a.dir, "model.safetensors"), tinyWeights)).toBe(true);
    // The per-blob lock made the second writer wait for the first instead of writing the same .incomplete.
    expect(weightGets()).toHaveLength(1);
    expect(readdirSync(blobsOf(cacheDir, "test/tiny-mlm")).sort()).toEqual(
      [
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "vocab.txt",
      ]
        .map((f) => sha256(join(modelDir("tiny-mlm"), f)))
        .sort(),
    );
    expect(readdirSync(join(cacheDir, ".locks", "models--test--tiny-mlm"))).toEqual([]);
  });

  it("takes over the lock of a writer that died, and reports an unwritable cache with a typed error", async () => {
    const cacheDir = freshCache();
    const locks = join(cacheDir, ".locks", "models--test--tiny-mlm");
    mkdirSync(locks, { recursive: true });
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(join(locks, `${sha256(tinyWeights)}.longformer-ts.lock`), `${dead.stdout} 0123456789abcdef`);
    const snap = await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url });
    expect(sameBytes(join(snap.dir, "model.safetensors"), tinyWeights)).toBe(true);
    expect(readdirSync(locks)).toEqual([]);
    const fileAsCache = join(work, "cache-is-a-file");
    writeFileSync(fileAsCache, "x");
    await expectCode(() => fromHub("test/tiny-mlm", { cacheDir: fileAsCache, endpoint: server.url }), "WRITE_FAILED");
  });

  it("two processes downloading one model at once both succeed, sharing one verified download", async () => {
    const cacheDir = freshCache();
    server.faults.slow = { file: "model.safetensors", ms: 500 };
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    const script = fileURLToPath(new URL("../testing/from-hub-child.test-util.ts", import.meta.url));
    const runChild = () =>
      new Promise<{ status: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [tsx, script, "test/tiny-mlm", cacheDir, server.url], {
          stdio: ["ignore", "pipe", "inherit"],
        });
        let stdout = "";
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
        });
        child.on("close", (status) => resolve({ status, stdout }));
      });
    const [a, b] = await Promise.all([runChild(), runChild()]);
    expect([a.status, b.status], `${a.stdout} ${b.stdout}`).toEqual([0, 0]);
    const dirA = (JSON.parse(a.stdout) as { dir: string }).dir;
    expect((JSON.parse(b.stdout) as { dir: string }).dir).toBe(dirA);
    expect(sameBytes(join(dirA, "model.safetensors"), tinyWeights)).toBe(true);
    expect(weightGets()).toHaveLength(1);
    expect(readdirSync(blobsOf(cacheDir, "test/tiny-mlm")).filter((f) => f.includes("incomplete"))).toEqual([]);
  });

  it("without ETags, names blobs by the sha256 of what arrived; concurrent writers still end with one copy", async () => {
    const cacheDir = freshCache();
    server.faults.noEtag = true;
    const [a, b] = await Promise.all([
      fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url }),
      fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url }),
    ]);
    expect(a.dir).toBe(b.dir);
    expect(readlinkSync(join(a.dir, "model.safetensors"))).toBe(`../../blobs/${sha256(tinyWeights)}`);
    expect(sameBytes(join(a.dir, "model.safetensors"), tinyWeights)).toBe(true);
    expect(readdirSync(blobsOf(cacheDir, "test/tiny-mlm"))).toHaveLength(6);
  });

  it("a server that names no commit: the snapshot is named by the revision and found again through refs", async () => {
    const cacheDir = freshCache();
    server.faults.noCommit = true;
    const snap = await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url });
    expect(snap).toMatchObject({ commit: "main", dir: join(repoRoot(cacheDir, "test/tiny-mlm"), "snapshots", "main") });
    expect(readFileSync(join(repoRoot(cacheDir, "test/tiny-mlm"), "refs", "main"), "utf8")).toBe("main");
    server.requests.length = 0;
    expect((await fromHub("test/tiny-mlm", { cacheDir, offline: true })).dir).toBe(snap.dir);
    expect((await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url })).fromCache).toBe(true);
    expect(server.requests).toEqual([]);
  });

  it("refuses an HTML page served with 200 as config.json or as an index: typed error, nothing cached", async () => {
    const cacheDir = freshCache();
    server.faults.html = "config.json";
    await expectCode(
      () => fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url }),
      "HUB_INVALID_FILE",
      /config\.json is not valid JSON \(the server sent an HTML page\)/,
    );
    await expectCode(() => fromHub("test/tiny-mlm", { cacheDir, offline: true }), "OFFLINE_CACHE_MISS");
    delete server.faults.html;
    // Once the server is fixed, the next run downloads and works.
    expect((await fromHub("test/tiny-mlm", { cacheDir, endpoint: server.url })).fromCache).toBe(false);
    await expectCode(
      () => fromHub("test/html-index", { cacheDir, endpoint: server.url }),
      "HUB_INVALID_FILE",
      /model\.safetensors\.index\.json is not valid JSON/,
    );
  });

  it("sends credentials in the endpoint URL as a Basic header and never echoes them in errors", async () => {
    const withCredentials = server.url.replace("http://", "http://alice:s3cret@");
    const snap = await fromHub("test/tiny-mlm", { cacheDir: freshCache(), endpoint: withCredentials });
    expect(snap.fromCache).toBe(false);
    expect(server.requests[0]!.authorization).toBe(`Basic ${Buffer.from("alice:s3cret").toString("base64")}`);
    const missing = await expectCode(
      () => fromHub("test/absent", { cacheDir: freshCache(), endpoint: withCredentials }),
      "HUB_NOT_FOUND",
    );
    expect(missing.message).not.toMatch(/s3cret|alice/);
    const unreachable = await expectCode(
      () => fromHub("test/tiny-mlm", { cacheDir: freshCache(), endpoint: "http://alice:s3cret@127.0.0.1:9" }),
      "DOWNLOAD_FAILED",
    );
    expect(unreachable.message).not.toMatch(/s3cret/);
  });

  it("refuses repo ids with '--', which would share a cache folder with another repo", async () => {
    expect(isHubRepoId("alice--model/x")).toBe(false);
    expect(isHubRepoId("alice/model--x")).toBe(false);
    expect(isHubRepoId("alice/model-x")).toBe(true);
    await expectCode(
      () => fromHub("alice--model/x", { cacheDir: freshCache(), endpoint: server.url }),
      "INVALID_ARGUMENT",
      /"--"/,
    );
    await expectCode(
      () => fromHub("alice/model--x", { cacheDir: freshCache(), endpoint: server.url }),
      "INVALID_ARGUMENT",
    );
    expect(server.requests).toEqual([]);
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
