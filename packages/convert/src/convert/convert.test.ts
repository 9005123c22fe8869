import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expectArraysClose } from "@longformer-ts/test-helpers";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { float16ToFloat32, float32ToFloat16 } from "../dtypes.js";
import { parseSafetensorsHeader, readSafetensors } from "../formats/safetensors.js";
import type { TfjsModelJson } from "../formats/tfjs.js";
import { loadWeights } from "../load-weights.js";
import { buildSafetensors, bytesOf, concat } from "../testing/builders.test-util.js";
import { expectCode } from "../testing/expect-code.test-util.js";
import { fixtureBytes, modelDir, tempDir } from "../testing/fixtures.test-util.js";
import type { LoadedWeights, WeightMap } from "../types.js";
import { convert } from "./convert.js";

function readModelJson(dir: string): TfjsModelJson {
  return JSON.parse(readFileSync(join(dir, "model.json"), "utf8")) as TfjsModelJson;
}

/** The shards concatenated in manifest order, as tfjs' loader hands them to decodeWeights. */
function shardBuffer(dir: string): ArrayBuffer {
  const group = readModelJson(dir).weightsManifest[0]!;
  const bytes = concat(group.paths.map((p) => new Uint8Array(readFileSync(join(dir, p)))));
  return bytes.buffer as ArrayBuffer;
}

/** Decodes a converted directory with tfjs' own `tf.io.decodeWeights` and compares every tensor with `expected`. */
function expectDecodedEquals(dir: string, expected: WeightMap, label: string): void {
  const before = tf.memory().numTensors;
  const specs = readModelJson(dir).weightsManifest[0]!.weights;
  const decoded = tf.io.decodeWeights(shardBuffer(dir), specs as tf.io.WeightsManifestEntry[]);
  try {
    expect(new Set(Object.keys(decoded)), label).toEqual(new Set(expected.keys()));
    for (const [name, e] of expected) {
      const t = decoded[name]!;
      const want = e.dtype === "float16" ? float16ToFloat32(e.data as Uint16Array) : e.data;
      expect(t.dtype, `${label} ${name}`).toBe(e.dtype === "int32" ? "int32" : "float32");
      expectArraysClose({ shape: t.shape, data: t.dataSync() }, { shape: e.shape, data: want }, 0, `${label} ${name}`);
    }
  } finally {
    tf.dispose(Object.values(decoded));
  }
  expect(tf.memory().numTensors).toBe(before);
}

const work = tempDir();
const tiny = modelDir("tiny-mlm");
const variants = {
  safetensors: tiny,
  zip: join(tiny, "pytorch_model.bin"),
  legacy: join(tiny, "legacy"),
} as const;
let source: LoadedWeights;

beforeAll(async () => {
  tf.env().set("IS_TEST", true); // no "install tfjs-node" banner
  await tf.setBackend("cpu");
  source = await loadWeights(tiny);
  for (const [name, src] of Object.entries(variants)) await convert(src, join(work, name), { shardSize: 1024 * 1024 });
});

describe("convert tiny-mlm (safetensors, zip .bin, legacy .bin)", () => {
  it("writes model.json (HF config + weightsManifest), NofM shards and the tokenizer files", () => {
    const dir = join(work, "safetensors");
    const model = readModelJson(dir);
    expect(model.format).toBe("longformer-ts-weights");
    expect(model.config).toEqual(JSON.parse(readFileSync(join(tiny, "config.json"), "utf8")));
    expect(model.weightsManifest).toHaveLength(1);
    const paths = model.weightsManifest[0]!.paths;
    expect(paths).toEqual(Array.from({ length: 8 }, (_, i) => `group1-shard${i + 1}of8.bin`));
    const files = readdirSync(dir).sort();
    expect(files).toEqual(
      [
        ...paths,
        "model.json",
        "config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "vocab.txt",
      ].sort(),
    );
    for (const f of [
      "tokenizer.json",
      "vocab.txt",
      "tokenizer_config.json",
      "special_tokens_map.json",
      "config.json",
    ]) {
      expect(readFileSync(join(dir, f)).equals(readFileSync(join(tiny, f))), f).toBe(true);
    }
    // Full shards are exactly 1 MiB (tensors span shard boundaries, as in tfjs' converter).
    for (const p of paths.slice(0, -1)) expect(readFileSync(join(dir, p)).byteLength).toBe(1024 * 1024);
  });

  it("every tensor equals its source exactly after tf.io.decodeWeights", () => {
    for (const name of Object.keys(variants)) expectDecodedEquals(join(work, name), source.weights, name);
  });

  it("the three source formats convert to the same names, shapes, dtypes and values", () => {
    const reference = readModelJson(join(work, "safetensors"));
    const refShards = new Uint8Array(shardBuffer(join(work, "safetensors")));
    for (const name of ["zip", "legacy"]) {
      const model = readModelJson(join(work, name));
      const byName = new Map(model.weightsManifest[0]!.weights.map((w) => [w.name, w]));
      expect(new Set(byName.keys()), name).toEqual(new Set(reference.weightsManifest[0]!.weights.map((w) => w.name)));
      // Same names, shapes and dtypes; the .bin keeps torch's key order, so compare the decoded data per name.
      for (const w of reference.weightsManifest[0]!.weights) expect(byName.get(w.name), `${name} ${w.name}`).toEqual(w);
      expectDecodedEquals(join(work, name), loadedFromDir(join(work, "safetensors")), `${name} vs safetensors output`);
    }
    expect(refShards.byteLength).toBe(8_173_136);
  });

  it("reports tensors, parameters, bytes, dtypes and tied weights in the summary", async () => {
    const header = parseSafetensorsHeader(fixtureBytes("tiny-mlm", "model.safetensors"));
    const parameters = header.entries.reduce((sum, e) => sum + e.shape.reduce((a, b) => a * b, 1), 0);
    const summary = await convert(tiny, join(work, "summary"), {});
    expect(summary).toMatchObject({
      sourceFormat: "safetensors",
      dtype: "float32",
      tensors: 56,
      parameters,
      bytes: (parameters + 30522 * 32 + 30522) * 4, // the tied copies are written under their own names
      shards: 2,
      dtypes: { float32: 56 },
      sourceDtypes: { F32: 54 },
      droppedNames: [],
    });
    expect(summary.tiedWeights).toEqual([
      { name: "lm_head.decoder.weight", source: "longformer.embeddings.word_embeddings.weight", how: "added" },
      { name: "lm_head.decoder.bias", source: "lm_head.bias", how: "added" },
    ]);
    const zipSummary = await convert(variants.zip, join(work, "summary-zip"), {});
    expect(zipSummary.tiedWeights.map((t) => t.how)).toEqual(["shared", "shared"]);
    expect(zipSummary.parameters).toBe(parameters);
  });
});

/** Reads a converted directory back through the package's own tfjs decoder (synchronously cached per test). */
const decodedCache = new Map<string, WeightMap>();
function loadedFromDir(dir: string): WeightMap {
  let weights = decodedCache.get(dir);
  if (!weights) {
    const specs = readModelJson(dir).weightsManifest[0]!.weights;
    const decoded = tf.io.decodeWeights(shardBuffer(dir), specs as tf.io.WeightsManifestEntry[]);
    weights = new Map(
      Object.entries(decoded).map(([name, t]) => [
        name,
        { dtype: "float32" as const, shape: t.shape, data: t.dataSync() as Float32Array },
      ]),
    );
    tf.dispose(Object.values(decoded));
    decodedCache.set(dir, weights);
  }
  return weights;
}

describe("convert mini-mlm (F16 safetensors)", () => {
  const header = parseSafetensorsHeader(fixtureBytes("mini-mlm", "model.safetensors"));
  const rawHalf = (name: string): Uint16Array => {
    const e = header.entries.find((x) => x.name === name)!;
    return new Uint16Array(
      fixtureBytes("mini-mlm", "model.safetensors").slice(header.dataStart + e.begin, header.dataStart + e.end).buffer,
    );
  };

  it("widens to float32 exactly by default", async () => {
    const out = join(work, "mini-f32");
    const summary = await convert(modelDir("mini-mlm"), out);
    expect(summary).toMatchObject({ tensors: 144, dtypes: { float32: 144 }, sourceDtypes: { F16: 142 } });
    const expected = (await loadWeights(modelDir("mini-mlm"), { keepFloat16: true })).weights;
    expectDecodedEquals(out, expected, "mini float32");
  });

  it("keeps the original half bits with dtype float16 (TF.js float16 quantization), half the bytes", async () => {
    const out = join(work, "mini-f16");
    const summary = await convert(modelDir("mini-mlm"), out, { dtype: "float16" });
    expect(summary.dtypes).toEqual({ float16: 144 });
    const model = readModelJson(out);
    const specs = model.weightsManifest[0]!.weights;
    expect(new Set(specs.map((s) => JSON.stringify([s.dtype, s.quantization])))).toEqual(
      new Set([JSON.stringify(["float32", { dtype: "float16" }])]),
    );
    // The shard bytes of each tensor are the file's F16 bits.
    const shards = new Uint8Array(shardBuffer(out));
    let offset = 0;
    for (const spec of specs) {
      const n = spec.shape.reduce((a, b) => a * b, 1);
      const written = new Uint16Array(shards.slice(offset, offset + 2 * n).buffer);
      const name =
        spec.name === "lm_head.decoder.weight"
          ? "longformer.embeddings.word_embeddings.weight"
          : spec.name === "lm_head.decoder.bias"
            ? "lm_head.bias"
            : spec.name;
      expectArraysClose({ shape: [n], data: written }, { shape: [n], data: rawHalf(name) }, 0, spec.name);
      offset += 2 * n;
    }
    expect(offset).toBe(shards.byteLength);
    expect(summary.bytes).toBe(shards.byteLength);
    // tfjs dequantizes them to exactly the widened values.
    expectDecodedEquals(out, (await loadWeights(modelDir("mini-mlm"), { keepFloat16: true })).weights, "mini float16");
    // loadWeights of the converted dir gives the half bits back with keepFloat16.
    const back = await loadWeights(out, { keepFloat16: true });
    expect(back.weights.get("lm_head.bias")).toMatchObject({ dtype: "float16" });
    expect([...back.weights.get("lm_head.bias")!.data]).toEqual([...rawHalf("lm_head.bias")]);
    // A converted directory converts again (here back to float32), exactly.
    const again = join(work, "mini-f16-to-f32");
    const summary2 = await convert(out, again, { dtype: "float32" });
    expect(summary2).toMatchObject({ sourceFormat: "tfjs", tensors: 144, dtypes: { float32: 144 } });
    expectDecodedEquals(again, back.weights, "float16 dir -> float32");
  });

  it("narrows float32 sources to float16 with round-to-nearest-even", async () => {
    const out = join(work, "tiny-f16");
    await convert(tiny, out, { dtype: "float16" });
    const expected: WeightMap = new Map();
    for (const [name, t] of source.weights) {
      expected.set(name, { dtype: "float16", shape: t.shape, data: float32ToFloat16(t.data as Float32Array) });
    }
    expectDecodedEquals(out, expected, "tiny float16");
  });
});

describe("dropped names and integer tensors", () => {
  it("drops position_ids buffers by default and keeps them (as int32) on request", async () => {
    const dir = join(work, "with-position-ids");
    mkdirSync(dir);
    writeFileSync(join(dir, "config.json"), JSON.stringify({ model_type: "longformer" }));
    writeFileSync(
      join(dir, "model.safetensors"),
      buildSafetensors([
        {
          name: "longformer.embeddings.position_ids",
          dtype: "I64",
          shape: [1, 4],
          data: bytesOf(BigInt64Array.of(0n, 1n, 2n, 3n)),
        },
        { name: "w", dtype: "F32", shape: [2], data: bytesOf(Float32Array.of(1, 2)) },
      ]),
    );
    const dropped = await convert(dir, join(work, "pos-dropped"));
    expect(dropped.droppedNames).toEqual(["longformer.embeddings.position_ids"]);
    expect(readModelJson(join(work, "pos-dropped")).weightsManifest[0]!.weights.map((w) => w.name)).toEqual(["w"]);
    const kept = await convert(dir, join(work, "pos-kept"), { dropPattern: null });
    expect(kept.dtypes).toEqual({ int32: 1, float32: 1 });
    expectDecodedEquals(
      join(work, "pos-kept"),
      readSafetensors(readFileSync(join(dir, "model.safetensors"))).tensors,
      "int32",
    );
  });
});

describe("atomic output", () => {
  const leftovers = (parent: string) => readdirSync(parent).filter((f) => f.includes(".tmp-") || f.includes(".old-"));

  it("refuses to overwrite unless asked, then replaces a previous output whole", async () => {
    const out = join(work, "existing");
    await convert(tiny, out, { dtype: "float16" });
    await expectCode(() => convert(tiny, out), "OUTPUT_EXISTS", /already exists/);
    expect(readModelJson(out).longformerTs?.dtype).toBe("float16");
    await convert(tiny, out, { overwrite: true });
    expect(readModelJson(out).longformerTs?.dtype).toBe("float32");
    expect(leftovers(work)).toEqual([]);
  });

  it("--force never deletes a directory holding the source or files it did not write", async () => {
    // `convert models/tiny models --force` erased the checkpoint and a sibling NOTES.md.
    const models = join(work, "models");
    cpSync(tiny, join(models, "tiny"), {
      recursive: true,
      filter: (s) => !s.includes("legacy") && !s.endsWith(".bin"),
    });
    writeFileSync(join(models, "NOTES.md"), "notes");
    await expectCode(
      () => convert(join(models, "tiny"), models, { overwrite: true }),
      "INVALID_ARGUMENT",
      /contains the source/,
    );
    await expectCode(
      () => convert(join(models, "tiny", "model.safetensors"), models, { overwrite: true }),
      "INVALID_ARGUMENT",
      /contains the source/,
    );
    expect(readFileSync(join(models, "NOTES.md"), "utf8")).toBe("notes");
    expect(existsSync(join(models, "tiny", "model.safetensors"))).toBe(true);
    // `convert src . --force` wiped the working directory.
    const cwdLike = join(work, "project");
    mkdirSync(join(cwdLike, "src"), { recursive: true });
    writeFileSync(join(cwdLike, "package.json"), "{}");
    await expectCode(() => convert(tiny, cwdLike, { overwrite: true }), "OUTPUT_NOT_REPLACEABLE", /no model\.json/);
    expect(readdirSync(cwdLike).sort()).toEqual(["package.json", "src"]);
    expect(leftovers(work)).toEqual([]);
  });

  it("leaves nothing behind when the source is corrupt or writing fails midway", async () => {
    const corrupt = join(work, "corrupt-src");
    cpSync(tiny, corrupt, { recursive: true, filter: (s) => !s.includes("legacy") && !s.endsWith(".bin") });
    const bytes = readFileSync(join(corrupt, "model.safetensors"));
    writeFileSync(join(corrupt, "model.safetensors"), bytes.subarray(0, bytes.byteLength - 10));
    await expectCode(() => convert(corrupt, join(work, "never")), "SAFETENSORS_OFFSETS");
    expect(existsSync(join(work, "never"))).toBe(false);

    let writes = 0;
    const failing = () =>
      convert(tiny, join(work, "never2"), {
        shardSize: 1024 * 1024,
        onProgress: (e) => {
          if (e.phase === "write" && ++writes === 3) throw new Error("disk full");
        },
      });
    await expectCode(failing, "WRITE_FAILED", /disk full/);
    expect(existsSync(join(work, "never2"))).toBe(false);
    expect(leftovers(work)).toEqual([]);
  });

  it("validates options and refuses to write into the source directory", async () => {
    await expectCode(() => convert(tiny, join(work, "x"), { dtype: "int8" as "float16" }), "INVALID_ARGUMENT", /dtype/);
    await expectCode(() => convert(tiny, join(work, "x"), { shardSize: 10 }), "INVALID_ARGUMENT", /shard size/);
    await expectCode(() => convert(tiny, tiny, { overwrite: true }), "INVALID_ARGUMENT", /source directory/);
    await expectCode(
      () => convert(join(work, "no/such/dir"), join(work, "x")),
      "NOT_FOUND",
      /neither a directory nor a hub repo id/,
    );
  });
});
