import { expectArraysClose } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";
import { ConvertError, type ConvertErrorCode } from "../errors.js";
import { buildSafetensors, bytesOf, concat } from "../testing/builders.test-util.js";
import { fixtureBytes } from "../testing/fixtures.test-util.js";
import { parseSafetensorsHeader, readSafetensors } from "./safetensors.js";

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

const f32 = (values: number[]) => bytesOf(Float32Array.from(values));

describe("readSafetensors", () => {
  it("reads the tiny-mlm fixture: 54 F32 tensors, metadata kept, shapes from the header", () => {
    const bytes = fixtureBytes("tiny-mlm", "model.safetensors");
    const { tensors, metadata } = readSafetensors(bytes);
    expect(metadata).toEqual({ format: "pt" });
    expect(tensors.size).toBe(54);
    expect(tensors.has("lm_head.decoder.weight")).toBe(false); // tied, omitted like save_pretrained does
    const emb = tensors.get("longformer.embeddings.word_embeddings.weight")!;
    expect(emb.dtype).toBe("float32");
    expect(emb.shape).toEqual([30522, 32]);
    expect(tensors.get("longformer.embeddings.position_embeddings.weight")!.shape).toEqual([130, 32]);
    // Every tensor's data is exactly the bytes at its data_offsets.
    const header = parseSafetensorsHeader(bytes);
    for (const entry of header.entries) {
      const raw = bytes.slice(header.dataStart + entry.begin, header.dataStart + entry.end);
      const t = tensors.get(entry.name)!;
      expectArraysClose(
        { shape: t.shape, data: t.data },
        { shape: entry.shape, data: new Float32Array(raw.buffer) },
        0,
        entry.name,
      );
    }
  });

  it("widens the F16 mini-mlm exactly, or keeps the half bits", () => {
    const bytes = fixtureBytes("mini-mlm", "model.safetensors");
    const header = parseSafetensorsHeader(bytes);
    expect(new Set(header.entries.map((e) => e.dtype))).toEqual(new Set(["F16"]));
    const widened = readSafetensors(bytes).tensors;
    const kept = readSafetensors(bytes, { keepFloat16: true }).tensors;
    expect(widened.size).toBe(142);
    for (const entry of header.entries) {
      const half = new Uint16Array(bytes.slice(header.dataStart + entry.begin, header.dataStart + entry.end).buffer);
      const k = kept.get(entry.name)!;
      expect(k.dtype).toBe("float16");
      expectArraysClose({ shape: k.shape, data: k.data }, { shape: entry.shape, data: half }, 0, `${entry.name} bits`);
      const w = widened.get(entry.name)!;
      expect(w.dtype).toBe("float32");
      // Exact widening: every float32 value is the half value, checked by narrowing it back (half -> float -> half is the identity).
      const h = new Float32Array(half.length);
      for (let i = 0; i < half.length; i++) {
        const v = half[i] as number;
        const e = (v >> 10) & 0x1f;
        const m = v & 0x3ff;
        h[i] = (v & 0x8000 ? -1 : 1) * (e === 0 ? 2 ** -14 * (m / 1024) : 2 ** (e - 15) * (1 + m / 1024));
      }
      expectArraysClose({ shape: w.shape, data: w.data }, { shape: entry.shape, data: h }, 0, `${entry.name} widened`);
    }
  });

  it("decodes F32, F16, BF16, F64, I64, I32, I16, U8 and BOOL", () => {
    const file = buildSafetensors([
      { name: "f32", dtype: "F32", shape: [2], data: f32([1.5, -2]) },
      { name: "f16", dtype: "F16", shape: [1, 2], data: bytesOf(Uint16Array.of(0x3c00, 0x4248)) },
      { name: "bf16", dtype: "BF16", shape: [1], data: bytesOf(Uint16Array.of(0x4049)) },
      { name: "f64", dtype: "F64", shape: [1], data: bytesOf(Float64Array.of(0.1)) },
      { name: "i64", dtype: "I64", shape: [3], data: bytesOf(BigInt64Array.of(-5n, 0n, 1023n)) },
      { name: "i32", dtype: "I32", shape: [1], data: bytesOf(Int32Array.of(-7)) },
      { name: "i16", dtype: "I16", shape: [1], data: bytesOf(Int16Array.of(-300)) },
      { name: "u8", dtype: "U8", shape: [2], data: Uint8Array.of(200, 3) },
      { name: "bool", dtype: "BOOL", shape: [2], data: Uint8Array.of(1, 0) },
      { name: "scalar", dtype: "F32", shape: [], data: f32([4]) },
      { name: "empty", dtype: "F32", shape: [0, 3], data: new Uint8Array(0) },
    ]);
    const t = readSafetensors(file).tensors;
    const values = (name: string) => [...t.get(name)!.data];
    expect(values("f32")).toEqual([1.5, -2]);
    expect(values("f16")).toEqual([1, 3.140625]);
    expect(t.get("f16")!.shape).toEqual([1, 2]);
    expect(values("bf16")).toEqual([3.140625]);
    expect(values("f64")).toEqual([Math.fround(0.1)]);
    expect(values("i64")).toEqual([-5, 0, 1023]);
    expect(t.get("i64")!.dtype).toBe("int32");
    expect(values("i32")).toEqual([-7]);
    expect(values("i16")).toEqual([-300]);
    expect(values("u8")).toEqual([200, 3]);
    expect(values("bool")).toEqual([1, 0]);
    expect(values("scalar")).toEqual([4]);
    expect(t.get("scalar")!.shape).toEqual([]);
    expect(values("empty")).toEqual([]);
  });

  it("handles data that is not 4-byte aligned (odd header length)", () => {
    const file = buildSafetensors([{ name: "a", dtype: "F32", shape: [2], data: f32([7, 8]) }], { alignHeader: false });
    expect(parseSafetensorsHeader(file).dataStart % 4).not.toBe(0);
    expect([...readSafetensors(file).tensors.get("a")!.data]).toEqual([7, 8]);
  });
});

describe("safetensors validation (as the reference implementation)", () => {
  const good = buildSafetensors([
    { name: "a", dtype: "F32", shape: [2], data: f32([1, 2]) },
    { name: "b", dtype: "F32", shape: [1], data: f32([3]) },
  ]);
  const withHeader = (header: string, data = f32([1, 2, 3])) =>
    buildSafetensors([{ name: "x", dtype: "F32", shape: [3], data }], { header });
  const lengthPrefix = (n: bigint) => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, n, true);
    return b;
  };

  it("refuses a file too small for the length prefix", () => {
    expectCode(() => readSafetensors(good.subarray(0, 5)), "SAFETENSORS_HEADER", /too small/);
  });

  it("refuses a header length over 100 MB or past the end of the file", () => {
    expectCode(
      () => readSafetensors(concat([lengthPrefix(1n << 40n), good.subarray(8)])),
      "SAFETENSORS_HEADER",
      /exceeds/,
    );
    expectCode(
      () => readSafetensors(concat([lengthPrefix(BigInt(good.byteLength)), good.subarray(8)])),
      "SAFETENSORS_HEADER",
      /past the end/,
    );
  });

  it("refuses headers that are not UTF-8, do not start with '{', or are not JSON objects", () => {
    const raw = (bytes: Uint8Array) => concat([lengthPrefix(BigInt(bytes.byteLength)), bytes]);
    expectCode(() => readSafetensors(raw(Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d))), "SAFETENSORS_HEADER", /UTF-8/);
    expectCode(() => readSafetensors(raw(new TextEncoder().encode(' {"a":1}'))), "SAFETENSORS_HEADER", /start with/);
    expectCode(() => readSafetensors(raw(new TextEncoder().encode('{"a":'))), "SAFETENSORS_HEADER", /not valid JSON/);
  });

  it("bounds the header bytes one entry may take, before parsing it (a 100 MB header cost 3-4 GB)", () => {
    // A valid entry of zero elements whose shape has a million dimensions: parsed, it was ~1,000x its size.
    const dims = new Array<string>(1_000_000).fill("0").join(",");
    const huge = `{"x":{"dtype":"F32","shape":[${dims}],"data_offsets":[0,0]}}`;
    const empty = new Uint8Array(0);
    expectCode(
      () => parseSafetensorsHeader(withHeader(huge, empty)),
      "SAFETENSORS_HEADER",
      /entry "x" takes 2000\d+ bytes/,
    );
    const bigMetadata = `{"__metadata__":{"notes":"${"n".repeat(2_000_000)}"}}`;
    expectCode(() => parseSafetensorsHeader(withHeader(bigMetadata, empty)), "SAFETENSORS_HEADER", /__metadata__/);
    // Entries of ordinary size, a sizeable metadata and escaped quotes in names still parse.
    const fine = `{"__metadata__":{"notes":"${"n".repeat(100_000)}"},"a\\"b":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}`;
    expect(parseSafetensorsHeader(withHeader(fine, empty)).entries.map((e) => e.name)).toEqual(['a"b']);
  });

  it("refuses malformed entries and metadata", () => {
    expectCode(
      () => readSafetensors(withHeader('{"x":{"dtype":"F32","shape":[3]}}')),
      "SAFETENSORS_HEADER",
      /data_offsets/,
    );
    expectCode(
      () => readSafetensors(withHeader('{"x":{"dtype":"F32","shape":[-3],"data_offsets":[0,12]}}')),
      "SAFETENSORS_HEADER",
      /shape/,
    );
    expectCode(
      () => readSafetensors(withHeader('{"x":{"dtype":"F8_E4M3","shape":[3],"data_offsets":[0,12]}}')),
      "UNSUPPORTED_DTYPE",
      /F8_E4M3/,
    );
    expectCode(
      () =>
        readSafetensors(withHeader('{"__metadata__":{"n":1},"x":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}')),
      "SAFETENSORS_HEADER",
      /__metadata__/,
    );
  });

  it("refuses offsets past the end, overlapping or leaving gaps, and trailing bytes", () => {
    const two = (a: string, b: string, data = f32([1, 2, 3])) =>
      readSafetensors(
        withHeader(
          `{"a":{"dtype":"F32","shape":[1],"data_offsets":${a}},"b":{"dtype":"F32","shape":[2],"data_offsets":${b}}}`,
          data,
        ),
      );
    expectCode(() => two("[0,4]", "[4,12]", f32([1, 2])), "SAFETENSORS_OFFSETS", /past the .*data section/);
    expectCode(() => two("[0,4]", "[0,8]"), "SAFETENSORS_OFFSETS", /overlaps/);
    expectCode(() => two("[0,4]", "[8,16]", f32([1, 2, 3, 4])), "SAFETENSORS_OFFSETS", /gap/);
    expectCode(() => two("[0,4]", "[4,12]", f32([1, 2, 3, 4])), "SAFETENSORS_OFFSETS", /trailing/);
    expectCode(() => two("[4,0]", "[4,12]"), "SAFETENSORS_OFFSETS", /ends/);
  });

  it("refuses a byte length that does not match dtype size x shape", () => {
    expectCode(
      () => readSafetensors(withHeader('{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}}')),
      "SAFETENSORS_TENSOR",
      /needs 8 bytes/,
    );
    expectCode(
      () => readSafetensors(withHeader('{"x":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,12]}}')),
      "SAFETENSORS_TENSOR",
      /too large/,
    );
  });

  it("refuses duplicate tensor names (which JSON.parse would silently merge)", () => {
    expectCode(
      () =>
        readSafetensors(
          withHeader(
            '{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}',
          ),
        ),
      "DUPLICATE_NAME",
      /"x" appears twice/,
    );
    // Names inside nested objects or string values are not tensor names.
    const nested = withHeader('{"__metadata__":{"x":"x"},"x":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}');
    expect(readSafetensors(nested).tensors.size).toBe(1);
  });

  it("refuses every truncation of the tiny-mlm file", () => {
    const bytes = fixtureBytes("tiny-mlm", "model.safetensors");
    for (const length of [0, 7, 8, 100, 6287, 6288, 6289, 10_000, bytes.byteLength - 1]) {
      expect(() => readSafetensors(bytes.subarray(0, length)), `length ${length}`).toThrowError(ConvertError);
    }
  });
});
