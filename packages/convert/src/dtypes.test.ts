import { expectArraysClose } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";
import { bfloat16ToFloat32, decodeElements, float16ToFloat32, float32ToFloat16 } from "./dtypes.js";
import { ConvertError } from "./errors.js";
import { bytesOf } from "./testing/builders.test-util.js";

/** Half value by the textbook formula, independent of the table the code uses. */
function halfValue(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0x1f) return m ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return e === 0 ? s * 2 ** -14 * (m / 1024) : s * 2 ** (e - 15) * (1 + m / 1024);
}

const allHalves = Uint16Array.from({ length: 65536 }, (_, i) => i);

describe("float16 <-> float32", () => {
  it("widens all 65536 half values exactly", () => {
    const widened = float16ToFloat32(allHalves);
    const expected = Float32Array.from(allHalves, halfValue);
    expectArraysClose({ shape: [65536], data: widened }, { shape: [65536], data: expected }, 0, "half -> float");
  });

  it("keeps NaN payloads bit for bit", () => {
    const bits = new Uint32Array(float16ToFloat32(Uint16Array.of(0x7e01, 0xfd55)).buffer);
    expect([...bits]).toEqual([0x7fc02000, 0xffaaa000]);
  });

  it("narrows every half-representable float32 back to the same bits", () => {
    const finite = allHalves.filter((h) => ((h >> 10) & 0x1f) !== 0x1f);
    const back = float32ToFloat16(float16ToFloat32(finite));
    expectArraysClose({ shape: [finite.length], data: back }, { shape: [finite.length], data: finite }, 0, "roundtrip");
  });

  it("rounds to nearest even, overflows to Inf and underflows to zero", () => {
    const cases: [number, number][] = [
      [1 + 2 ** -11, 0x3c00], // tie between 1 and 1+2^-10 -> even (1)
      [1 + 3 * 2 ** -11, 0x3c02], // tie -> even (1 + 2^-9)
      [1 + 2 ** -11 + 2 ** -20, 0x3c01], // just above the tie
      [65504, 0x7bff],
      [65519, 0x7bff],
      [65520, 0x7c00], // tie between 65504 and 65536 -> even -> Inf
      [-1e6, 0xfc00],
      [2 ** -24, 0x0001],
      [2 ** -25, 0x0000], // tie between 0 and the smallest subnormal -> even (0)
      [1.5 * 2 ** -25, 0x0001],
      [3 * 2 ** -25, 0x0002], // tie between 1 and 2 subnormal units -> even (2)
      [2 ** -14 - 2 ** -25, 0x0400], // rounds up from the largest subnormal into the smallest normal
      [-0, 0x8000],
    ];
    const out = float32ToFloat16(Float32Array.from(cases, ([v]) => v));
    expect([...out].map((h) => h.toString(16))).toEqual(cases.map(([, h]) => h.toString(16)));
  });
});

describe("bfloat16 and integers", () => {
  it("widens bfloat16 by placing the bits in the top half", () => {
    const values = Float32Array.of(1, -2.5, 3.140625, 1e-30, Number.POSITIVE_INFINITY);
    const top = Uint16Array.from(new Uint32Array(values.buffer), (u) => u >>> 16);
    const widened = bfloat16ToFloat32(top);
    const expected = Float32Array.from(
      new Uint32Array(values.buffer),
      (u) => new Float32Array(Uint32Array.of(u & 0xffff0000).buffer)[0] as number,
    );
    expectArraysClose({ shape: [5], data: widened }, { shape: [5], data: expected }, 0, "bf16");
  });

  it("narrows int64 to int32 and refuses values out of range with a typed error", () => {
    const ok = decodeElements(bytesOf(BigInt64Array.of(0n, -1n, 2147483647n, -2147483648n)), "I64", false, "t");
    expect(ok.dtype).toBe("int32");
    expect([...ok.data]).toEqual([0, -1, 2147483647, -2147483648]);
    for (const bad of [2147483648n, -2147483649n, 1n << 40n]) {
      const run = () => decodeElements(bytesOf(BigInt64Array.of(5n, bad)), "I64", false, "pos_ids");
      expect(run).toThrowError(ConvertError);
      expect(run).toThrowError(new RegExp(`pos_ids: integer element 1 = ${bad}`));
    }
    expect(() => decodeElements(bytesOf(BigUint64Array.of(1n << 63n)), "U64", false, "u")).toThrowError(
      /does not fit in int32/,
    );
  });

  it("decodes every small integer dtype to int32", () => {
    expect([...decodeElements(Uint8Array.of(0xff, 1), "I8", false, "t").data]).toEqual([-1, 1]);
    expect([...decodeElements(Uint8Array.of(0xff, 1), "U8", false, "t").data]).toEqual([255, 1]);
    expect([...decodeElements(bytesOf(Int16Array.of(-300, 7)), "I16", false, "t").data]).toEqual([-300, 7]);
    expect([...decodeElements(bytesOf(Uint16Array.of(65535)), "U16", false, "t").data]).toEqual([65535]);
    expect([...decodeElements(Uint8Array.of(1, 0), "BOOL", false, "t").data]).toEqual([1, 0]);
    expect(() => decodeElements(bytesOf(Uint32Array.of(2 ** 31)), "U32", false, "t")).toThrowError(/does not fit/);
  });

  it("keeps half bits with keepFloat16 and copies unaligned input instead of failing", () => {
    const raw = new Uint8Array(7);
    raw.set(bytesOf(Uint16Array.of(0x3c00, 0xc000, 0x0001)), 1);
    const kept = decodeElements(raw.subarray(1), "F16", true, "t");
    expect(kept.dtype).toBe("float16");
    expect([...kept.data]).toEqual([0x3c00, 0xc000, 0x0001]);
    const widened = decodeElements(raw.subarray(1), "F16", false, "t");
    expect([...widened.data]).toEqual([1, -2, 2 ** -24]);
  });
});
