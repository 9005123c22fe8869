import { expectArraysClose } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";
import { ConvertError, type ConvertErrorCode } from "../errors.js";
import {
  buildTorchLegacy,
  buildTorchZip,
  bytesOf,
  PickleWriter,
  type TorchTensorInput,
  torchStateDictPickle,
} from "../testing/builders.test-util.js";
import { fixtureBytes } from "../testing/fixtures.test-util.js";
import { normalizeWeights } from "../tied-weights.js";
import type { WeightMap } from "../types.js";
import { readPytorchCheckpoint } from "./pytorch.js";
import { readSafetensors } from "./safetensors.js";

function expectCode(run: () => unknown, code: ConvertErrorCode, message?: RegExp): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error, "expected a ConvertError").toBeInstanceOf(ConvertError);
  expect((error as ConvertError).code).toBe(code);
  if (message) expect((error as ConvertError).message).toMatch(message);
}

function expectSameTensors(actual: WeightMap, expected: WeightMap, label: string): void {
  expect([...actual.keys()].sort(), label).toEqual([...expected.keys()].sort());
  for (const [name, e] of expected) {
    const a = actual.get(name)!;
    expect(a.dtype, `${label} ${name}`).toBe(e.dtype);
    expectArraysClose({ shape: a.shape, data: a.data }, { shape: e.shape, data: e.data }, 0, `${label} ${name}`);
  }
}

const config = JSON.parse(new TextDecoder().decode(fixtureBytes("tiny-mlm", "config.json"))) as Record<string, unknown>;

describe("tiny-mlm: zip .bin, legacy .bin and safetensors agree tensor for tensor", () => {
  const safetensors = readSafetensors(fixtureBytes("tiny-mlm", "model.safetensors")).tensors;
  normalizeWeights(safetensors, config);

  it("zip format (torch >= 1.6): 56 keys, tied pairs stored once", () => {
    const { tensors, format, sourceDtypes } = readPytorchCheckpoint(fixtureBytes("tiny-mlm", "pytorch_model.bin"));
    expect(format).toBe("pytorch-zip");
    expect(tensors.size).toBe(56);
    expect(new Set(Object.values(sourceDtypes))).toEqual(new Set(["F32"]));
    expect(tensors.get("lm_head.decoder.weight")).toBe(tensors.get("longformer.embeddings.word_embeddings.weight"));
    expect(tensors.get("lm_head.decoder.bias")).toBe(tensors.get("lm_head.bias"));
    const report = normalizeWeights(tensors, config);
    expect(report.tiedWeights.map((t) => [t.name, t.how])).toEqual([
      ["lm_head.decoder.weight", "shared"],
      ["lm_head.decoder.bias", "shared"],
    ]);
    expectSameTensors(tensors, safetensors, "zip vs safetensors");
  });

  it("legacy format (torch < 1.6)", () => {
    const { tensors, format } = readPytorchCheckpoint(fixtureBytes("tiny-mlm", "legacy/pytorch_model.bin"));
    expect(format).toBe("pytorch-legacy");
    expect(tensors.get("lm_head.decoder.weight")).toBe(tensors.get("longformer.embeddings.word_embeddings.weight"));
    expectSameTensors(tensors, safetensors, "legacy vs safetensors");
  });

  it("keepFloat16 leaves float32 storages alone", () => {
    const { tensors } = readPytorchCheckpoint(fixtureBytes("tiny-mlm", "pytorch_model.bin"), { keepFloat16: true });
    expect(new Set([...tensors.values()].map((t) => t.dtype))).toEqual(new Set(["float32"]));
  });
});

// A 3x4 float storage 0..11 shared by several views: the tensors torch writes for slices, transposes and ties.
const storage12 = { key: "0", type: "FloatStorage", numel: 12 };
const storage12Bytes = bytesOf(Float32Array.from({ length: 12 }, (_, i) => i));
const views: TorchTensorInput[] = [
  { name: "full", storage: storage12, offset: 0, shape: [3, 4], stride: [4, 1] },
  { name: "tied", storage: storage12, offset: 0, shape: [3, 4], stride: [4, 1] },
  { name: "row1", storage: storage12, offset: 4, shape: [4], stride: [1] },
  { name: "transposed", storage: storage12, offset: 0, shape: [4, 3], stride: [1, 4] },
  { name: "column2", storage: storage12, offset: 2, shape: [3, 1], stride: [4, 1] },
  { name: "every_other", storage: storage12, offset: 1, shape: [2, 2], stride: [4, 2] },
  { name: "scalar", storage: storage12, offset: 11, shape: [], stride: [] },
  { name: "param", storage: storage12, offset: 8, shape: [2], stride: [1], parameter: true },
];
const expectedViews: Record<string, { shape: number[]; data: number[] }> = {
  full: { shape: [3, 4], data: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] },
  tied: { shape: [3, 4], data: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] },
  row1: { shape: [4], data: [4, 5, 6, 7] },
  transposed: { shape: [4, 3], data: [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11] },
  column2: { shape: [3, 1], data: [2, 6, 10] },
  every_other: { shape: [2, 2], data: [1, 3, 5, 7] },
  scalar: { shape: [], data: [11] },
  param: { shape: [2], data: [8, 9] },
};

function checkViews(tensors: WeightMap): void {
  for (const [name, e] of Object.entries(expectedViews)) {
    const t = tensors.get(name)!;
    expectArraysClose({ shape: t.shape, data: t.data }, e, 0, name);
  }
  expect(tensors.get("tied")).toBe(tensors.get("full"));
}

describe("storage offsets, strides and shared storages", () => {
  it("zip: every view of a shared storage", () => {
    checkViews(
      readPytorchCheckpoint(buildTorchZip(torchStateDictPickle(views, false), { "0": storage12Bytes })).tensors,
    );
  });

  it("legacy: every view, plus legacy storage views (view_metadata offsets)", () => {
    const legacyViews: TorchTensorInput[] = [
      ...views,
      { name: "view_row2", storage: storage12, offset: 0, shape: [4], stride: [1], view: ["v", 8, 4] },
    ];
    const file = buildTorchLegacy(torchStateDictPickle(legacyViews, true), [
      { key: "0", numel: 12, data: storage12Bytes },
    ]);
    const { tensors } = readPytorchCheckpoint(file);
    checkViews(tensors);
    expect([...tensors.get("view_row2")!.data]).toEqual([8, 9, 10, 11]);
  });

  it("decodes half, bfloat16, double and int64 storages; keeps half with keepFloat16", () => {
    const tensors: TorchTensorInput[] = [
      { name: "h", storage: { key: "h", type: "HalfStorage", numel: 2 }, offset: 0, shape: [2], stride: [1] },
      { name: "b", storage: { key: "b", type: "BFloat16Storage", numel: 1 }, offset: 0, shape: [1], stride: [1] },
      { name: "d", storage: { key: "d", type: "DoubleStorage", numel: 1 }, offset: 0, shape: [1], stride: [1] },
      { name: "l", storage: { key: "l", type: "LongStorage", numel: 3 }, offset: 1, shape: [2], stride: [1] },
    ];
    const file = buildTorchZip(torchStateDictPickle(tensors, false), {
      h: bytesOf(Uint16Array.of(0x3c00, 0xbc00)),
      b: bytesOf(Uint16Array.of(0x3fc0)),
      d: bytesOf(Float64Array.of(2.5)),
      l: bytesOf(BigInt64Array.of(99n, -4n, 7n)),
    });
    const read = readPytorchCheckpoint(file).tensors;
    expect([...read.get("h")!.data]).toEqual([1, -1]);
    expect([...read.get("b")!.data]).toEqual([1.5]);
    expect([...read.get("d")!.data]).toEqual([2.5]);
    expect(read.get("l")).toMatchObject({ dtype: "int32", shape: [2] });
    expect([...read.get("l")!.data]).toEqual([-4, 7]);
    const kept = readPytorchCheckpoint(file, { keepFloat16: true }).tensors.get("h")!;
    expect(kept.dtype).toBe("float16");
    expect([...kept.data]).toEqual([0x3c00, 0xbc00]);
  });

  it("accepts any archive folder name and Parameters rebuilt through _rebuild_from_type_v2", () => {
    const w = new PickleWriter().proto(2).global("collections", "OrderedDict").emptyTuple().reduce().mark().str("p");
    w.global("torch._tensor", "_rebuild_from_type_v2").mark().global("torch._utils", "_rebuild_tensor_v2");
    w.global("torch.nn.parameter", "Parameter");
    w.mark().mark().str("storage").global("torch", "FloatStorage").str("0").str("cpu").int(12).tuple().binpersid();
    w.int(0).ints([2]).ints([1]).bool(true).global("collections", "OrderedDict").emptyTuple().reduce().tuple();
    w.emptyDict().tuple().reduce().setitems().stop();
    const file = buildTorchZip(w.bytes(), { "0": storage12Bytes }, { prefix: "my_model-v2" });
    expect([...readPytorchCheckpoint(file).tensors.get("p")!.data]).toEqual([0, 1]);
  });
});

describe("corrupt torch checkpoints end in typed errors", () => {
  const zipWith = (tensors: TorchTensorInput[], storages: Record<string, Uint8Array>) =>
    buildTorchZip(torchStateDictPickle(tensors, false), storages);

  it("bad magic", () => {
    expectCode(() => readPytorchCheckpoint(new TextEncoder().encode("not a checkpoint")), "BAD_MAGIC", /bad magic/);
    expectCode(() => readPytorchCheckpoint(new Uint8Array(0)), "BAD_MAGIC");
    const legacyWrongMagic = buildTorchLegacy(torchStateDictPickle(views, true), [], { magic: 42n });
    expectCode(() => readPytorchCheckpoint(legacyWrongMagic), "BAD_MAGIC");
  });

  it("a view reading past the end of its storage", () => {
    const past = [{ name: "x", storage: storage12, offset: 10, shape: [3], stride: [1] }];
    expectCode(
      () => readPytorchCheckpoint(zipWith(past, { "0": storage12Bytes })),
      "TORCH_INVALID",
      /reads element 12 of storage 0 which has 12/,
    );
    const strided = [{ name: "x", storage: storage12, offset: 0, shape: [2, 2], stride: [11, 1] }];
    expectCode(
      () => readPytorchCheckpoint(zipWith(strided, { "0": storage12Bytes })),
      "TORCH_INVALID",
      /reads element 12/,
    );
  });

  it("zero and overlapping strides (expand, as_strided), as the README says", () => {
    for (const [shape, stride] of [
      [
        [3, 2],
        [0, 1],
      ], // expand of a row
      [
        [2, 2],
        [1, 1],
      ], // as_strided: elements 1 read twice, fits in the storage
      [
        [2, 3],
        [2, 1],
      ], // rows overlapping by one element
      [
        [4, 1, 3],
        [1, 7, 3],
      ], // overlap hidden behind a size-1 dimension's arbitrary stride
    ] as const) {
      const bad = [{ name: "x", storage: storage12, offset: 0, shape: [...shape], stride: [...stride] }];
      expectCode(
        () => readPytorchCheckpoint(zipWith(bad, { "0": storage12Bytes })),
        "TORCH_INVALID",
        /zero or overlapping strides/,
      );
    }
    // Transposed and sliced views do not overlap and are gathered.
    const fine = [
      { name: "t", storage: storage12, offset: 0, shape: [4, 3], stride: [1, 4] },
      { name: "s", storage: storage12, offset: 1, shape: [2, 2], stride: [6, 2] },
    ];
    const read = readPytorchCheckpoint(zipWith(fine, { "0": storage12Bytes })).tensors;
    expect([...read.get("t")!.data]).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect([...read.get("s")!.data]).toEqual([1, 3, 7, 9]);
  });

  it("a storage whose bytes are missing or of the wrong length", () => {
    expectCode(() => readPytorchCheckpoint(zipWith(views, {})), "TORCH_INVALID", /data\/0 is missing/);
    expectCode(
      () => readPytorchCheckpoint(zipWith(views, { "0": storage12Bytes.subarray(0, 40) })),
      "TORCH_INVALID",
      /holds 40 bytes/,
    );
  });

  it("one storage key referenced with two dtypes, unknown storage types, big-endian archives", () => {
    const clash = [
      { name: "a", storage: storage12, offset: 0, shape: [1], stride: [1] },
      { name: "b", storage: { ...storage12, type: "HalfStorage" }, offset: 0, shape: [1], stride: [1] },
    ];
    expectCode(
      () => readPytorchCheckpoint(zipWith(clash, { "0": storage12Bytes })),
      "TORCH_INVALID",
      /referenced as F32\[12\] and as F16\[12\]/,
    );
    const complex = [
      { name: "c", storage: { key: "0", type: "ComplexFloatStorage", numel: 1 }, offset: 0, shape: [1], stride: [1] },
    ];
    expectCode(
      () => readPytorchCheckpoint(zipWith(complex, { "0": new Uint8Array(8) })),
      "PICKLE_FORBIDDEN_GLOBAL",
      /ComplexFloatStorage/,
    );
    const bigEndian = buildTorchZip(torchStateDictPickle(views, false), { "0": storage12Bytes }, { byteorder: "big" });
    expectCode(() => readPytorchCheckpoint(bigEndian), "TORCH_INVALID", /big-endian/);
  });

  it("a zip whose data.pkl names a forbidden global", () => {
    const evil = new PickleWriter().proto(2).global("os", "system").mark().str("id").tuple().reduce().stop().bytes();
    expectCode(() => readPytorchCheckpoint(buildTorchZip(evil, {})), "PICKLE_FORBIDDEN_GLOBAL", /os\.system/);
    const legacy = buildTorchLegacy(evil, []);
    expectCode(() => readPytorchCheckpoint(legacy), "PICKLE_FORBIDDEN_GLOBAL", /os\.system/);
  });

  it("legacy: wrong protocol, element counts that disagree, storages past the end", () => {
    const pickle = torchStateDictPickle(views, true);
    expectCode(
      () =>
        readPytorchCheckpoint(
          buildTorchLegacy(pickle, [{ key: "0", numel: 12, data: storage12Bytes }], { protocol: 1000 }),
        ),
      "TORCH_INVALID",
      /protocol/,
    );
    expectCode(
      () => readPytorchCheckpoint(buildTorchLegacy(pickle, [{ key: "0", numel: 11, data: storage12Bytes }])),
      "TORCH_INVALID",
      /holds 11 elements/,
    );
    const file = buildTorchLegacy(pickle, [{ key: "0", numel: 12, data: storage12Bytes }]);
    expectCode(() => readPytorchCheckpoint(file.subarray(0, file.byteLength - 1)), "TORCH_INVALID", /past the end/);
    expectCode(
      () => readPytorchCheckpoint(buildTorchLegacy(pickle, [{ key: "zz", numel: 1, data: new Uint8Array(4) }])),
      "TORCH_INVALID",
      /storage zz is listed but no tensor uses it/,
    );
  });

  it("every truncation of the fixture .bin files", () => {
    for (const file of ["pytorch_model.bin", "legacy/pytorch_model.bin"]) {
      const bytes = fixtureBytes("tiny-mlm", file);
      for (const length of [0, 1, 4, 30, 200, 5000, 10_300, 2_000_000, bytes.byteLength - 100, bytes.byteLength - 1]) {
        expect(() => readPytorchCheckpoint(bytes.subarray(0, length)), `${file} cut at ${length}`).toThrowError(
          ConvertError,
        );
      }
    }
  });
});
