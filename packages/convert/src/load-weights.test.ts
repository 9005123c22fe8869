import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expectArraysClose } from "@longformer-ts/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convert } from "./convert/convert.js";
import { loadWeights } from "./load-weights.js";
import { buildSafetensors } from "./testing/builders.test-util.js";
import { expectCode } from "./testing/expect-code.test-util.js";
import { modelDir, tempDir } from "./testing/fixtures.test-util.js";
import { startStaticServer, type TestServer } from "./testing/http-server.test-util.js";
import type { ConvertProgressEvent, LoadedWeights } from "./types.js";

function expectSameWeights(actual: LoadedWeights, expected: LoadedWeights, label: string): void {
  expect([...actual.weights.keys()], label).toEqual([...expected.weights.keys()]);
  for (const [name, e] of expected.weights) {
    const a = actual.weights.get(name)!;
    expect(a.dtype, `${label} ${name}`).toBe(e.dtype);
    expectArraysClose({ shape: a.shape, data: a.data }, { shape: e.shape, data: e.data }, 0, `${label} ${name}`);
  }
}

const tinyConfig = JSON.parse(readFileSync(join(modelDir("tiny-mlm"), "config.json"), "utf8"));
const work = tempDir();
let reference: LoadedWeights;
let converted: string;

beforeAll(async () => {
  reference = await loadWeights(modelDir("tiny-mlm"));
  converted = join(work, "tiny-converted");
  await convert(modelDir("tiny-mlm"), converted, { shardSize: 1024 * 1024 });
});

describe("loadWeights from local paths", () => {
  it("reads a raw safetensors directory with tied weights resolved and the config", () => {
    expect(reference.format).toBe("safetensors");
    expect(reference.config).toEqual(tinyConfig);
    expect(reference.weights.size).toBe(56);
    expect(reference.weights.get("lm_head.decoder.weight")).toBe(
      reference.weights.get("longformer.embeddings.word_embeddings.weight"),
    );
    expect(reference.weights.get("lm_head.decoder.bias")).toBe(reference.weights.get("lm_head.bias"));
  });

  it("gives the same tensors for the zip .bin, the legacy .bin, a file URL and the converted directory", async () => {
    const zip = await loadWeights(join(modelDir("tiny-mlm"), "pytorch_model.bin"));
    expect(zip.format).toBe("pytorch-zip");
    const legacy = await loadWeights(join(modelDir("tiny-mlm"), "legacy"));
    expect(legacy.format).toBe("pytorch-legacy");
    const fromUrl = await loadWeights(pathToFileURL(modelDir("tiny-mlm")));
    const tfjs = await loadWeights(converted);
    expect(tfjs.format).toBe("tfjs");
    expect(tfjs.config).toEqual(tinyConfig);
    // The .bin order differs from the safetensors order; compare by name.
    for (const [label, other] of [
      ["zip", zip],
      ["legacy", legacy],
      ["file URL", fromUrl],
      ["converted", tfjs],
    ] as const) {
      expect(new Set(other.weights.keys()), label).toEqual(new Set(reference.weights.keys()));
      const sorted = {
        ...other,
        weights: new Map([...reference.weights.keys()].map((k) => [k, other.weights.get(k)!])),
      };
      expectSameWeights(sorted, reference, label);
    }
  });

  it("widens float16 (mini-mlm) or keeps it with keepFloat16, reporting read progress", async () => {
    const events: ConvertProgressEvent[] = [];
    const widened = await loadWeights(modelDir("mini-mlm"), { onProgress: (e) => events.push(e) });
    const kept = await loadWeights(modelDir("mini-mlm"), { keepFloat16: true });
    expect(widened.weights.size).toBe(144);
    expect(new Set([...widened.weights.values()].map((t) => t.dtype))).toEqual(new Set(["float32"]));
    expect(new Set([...kept.weights.values()].map((t) => t.dtype))).toEqual(new Set(["float16"]));
    expect(kept.weights.get("lm_head.decoder.weight")!.shape).toEqual([30522, 256]);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ phase: "read", unit: "bytes" });
    expect(last.loaded).toBe(last.total);
  });

  it("fails with typed errors for missing paths, directories without weights or config, unsafe manifests", async () => {
    await expectCode(() => loadWeights(join(work, "nope")), "NOT_FOUND", /does not exist/);
    const empty = join(work, "empty");
    mkdirSync(empty);
    await expectCode(() => loadWeights(empty), "NO_WEIGHTS", /no model.json, model.safetensors/);
    const noConfig = join(work, "no-config");
    mkdirSync(noConfig);
    cpSync(join(modelDir("tiny-mlm"), "model.safetensors"), join(noConfig, "model.safetensors"));
    await expectCode(() => loadWeights(noConfig), "CONFIG_MISSING", /config.json/);

    const manifest = JSON.parse(readFileSync(join(converted, "model.json"), "utf8"));
    const evil = join(work, "evil");
    mkdirSync(evil);
    manifest.weightsManifest[0].paths[0] = "../../etc/passwd";
    writeFileSync(join(evil, "model.json"), JSON.stringify(manifest));
    await expectCode(() => loadWeights(evil), "UNSAFE_PATH", /etc\/passwd/);
  });

  it("detects missing and truncated shards of a converted directory", async () => {
    const broken = join(work, "broken");
    cpSync(converted, broken, { recursive: true });
    const shard = join(broken, "group1-shard2of8.bin");
    writeFileSync(shard, readFileSync(shard).subarray(0, 1000));
    await expectCode(() => loadWeights(broken), "SHARD_INVALID", /truncated or missing shard/);
    writeFileSync(join(broken, "group1-shard2of8.bin"), new Uint8Array(0));
    const manifest = JSON.parse(readFileSync(join(broken, "model.json"), "utf8"));
    manifest.weightsManifest[0].paths.push("group1-shard9of8.bin");
    writeFileSync(join(broken, "model.json"), JSON.stringify(manifest));
    await expectCode(() => loadWeights(broken), "SHARD_INVALID", /shard9of8.bin is missing/);
  });
});

describe("sharded raw checkpoints (model.safetensors.index.json)", () => {
  /** Splits the tiny-mlm safetensors into two shard files with an HF index, as save_pretrained does for big models. */
  function writeSharded(dir: string, weightMap?: Record<string, string>): void {
    mkdirSync(dir);
    cpSync(join(modelDir("tiny-mlm"), "config.json"), join(dir, "config.json"));
    const names = [...reference.weights.keys()].filter((n) => !n.startsWith("lm_head.decoder."));
    const shards = [names.slice(0, 20), names.slice(20)];
    const map: Record<string, string> = {};
    shards.forEach((group, i) => {
      const file = `model-0000${i + 1}-of-00002.safetensors`;
      const tensors = group.map((name) => {
        const t = reference.weights.get(name)!;
        map[name] = file;
        return {
          name,
          dtype: "F32",
          shape: t.shape,
          data: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
        };
      });
      writeFileSync(join(dir, file), buildSafetensors(tensors));
    });
    writeFileSync(
      join(dir, "model.safetensors.index.json"),
      JSON.stringify({ metadata: {}, weight_map: weightMap ?? map }),
    );
  }

  it("reads every shard listed in the index", async () => {
    const dir = join(work, "sharded");
    writeSharded(dir);
    const loaded = await loadWeights(dir);
    expect(loaded.format).toBe("safetensors");
    const sorted = {
      ...loaded,
      weights: new Map([...reference.weights.keys()].map((k) => [k, loaded.weights.get(k)!])),
    };
    expectSameWeights(sorted, reference, "sharded");
    // convert() reads sharded checkpoints the same way.
    const again = join(work, "sharded-converted");
    await convert(dir, again);
    expect((await loadWeights(again)).weights.size).toBe(56);
  });

  it("refuses index entries that leave the directory", async () => {
    const dir = join(work, "sharded-evil");
    writeSharded(dir, { "a.weight": "../../secret.safetensors" });
    await expectCode(() => loadWeights(dir), "UNSAFE_PATH", /secret/);
  });
});

describe("loadWeights from a URL (fetch)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startStaticServer(work);
  });
  afterAll(() => server.close());

  it("fetches model.json and the shards of a converted directory, with any URL spelling", async () => {
    for (const url of [
      `${server.url}/tiny-converted`,
      `${server.url}/tiny-converted/`,
      `${server.url}/tiny-converted/model.json`,
    ]) {
      const loaded = await loadWeights(url);
      expect(loaded.format).toBe("tfjs");
      expect(loaded.config).toEqual(tinyConfig);
      const sorted = {
        ...loaded,
        weights: new Map([...reference.weights.keys()].map((k) => [k, loaded.weights.get(k)!])),
      };
      expectSameWeights(sorted, reference, url);
    }
  });

  it("uses the fetch passed in and reports download progress in bytes", async () => {
    const fetched: string[] = [];
    const events: ConvertProgressEvent[] = [];
    const loaded = await loadWeights(new URL(`${server.url}/tiny-converted`), {
      fetch: (input, init) => {
        fetched.push(String(input));
        return fetch(input, init);
      },
      onProgress: (e) => events.push(e),
    });
    expect(loaded.weights.size).toBe(56);
    expect(fetched.filter((u) => u.endsWith(".bin"))).toHaveLength(8);
    expect(fetched[0]).toMatch(/model\.json$/);
    const last = events.at(-1)!;
    expect(last.phase).toBe("download");
    expect(last.loaded).toBe(last.total);
  });

  it("turns HTTP errors and unreachable hosts into typed errors", async () => {
    await expectCode(() => loadWeights(`${server.url}/nothing-here`), "NOT_FOUND", /HTTP 404/);
    const failing = (() => Promise.reject(new TypeError("fetch failed"))) as typeof fetch;
    await expectCode(
      () => loadWeights(`${server.url}/tiny-converted`, { fetch: failing }),
      "DOWNLOAD_FAILED",
      /fetch failed/,
    );
    await expectCode(() => loadWeights(new URL("ftp://example.invalid/x")), "INVALID_ARGUMENT", /ftp/);
  });
});
