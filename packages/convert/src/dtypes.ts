import { ConvertError } from "./errors.js";
import type { WeightDType } from "./types.js";

/** Element types found in checkpoints, in safetensors spelling (torch storages map onto these). */
export type SourceDType =
  | "F64"
  | "F32"
  | "F16"
  | "BF16"
  | "I64"
  | "I32"
  | "I16"
  | "I8"
  | "U8"
  | "U16"
  | "U32"
  | "U64"
  | "BOOL";

const SOURCE_DTYPE_BYTES: Record<SourceDType, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  U16: 2,
  U32: 4,
  U64: 8,
  BOOL: 1,
};

export function isSourceDType(name: string): name is SourceDType {
  return Object.hasOwn(SOURCE_DTYPE_BYTES, name);
}

export function sourceDTypeBytes(dtype: SourceDType): number {
  return SOURCE_DTYPE_BYTES[dtype];
}

/** Bytes per element of a converted dtype. */
export function weightDTypeBytes(dtype: WeightDType): number {
  return dtype === "float16" ? 2 : 4;
}

export type WeightData = Float32Array | Uint16Array | Int32Array;

export interface DecodedElements {
  dtype: WeightDType;
  data: WeightData;
}

type TypedArrayCtor<T> = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
};

/**
 * A typed view of `bytes` when its offset is aligned (no copy), otherwise an aligned copy. Views share memory
 * with the input on purpose: a 500 MB checkpoint should not be held twice.
 */
export function viewAs<T>(bytes: Uint8Array, ctor: TypedArrayCtor<T>): T {
  const size = ctor.BYTES_PER_ELEMENT;
  const length = bytes.byteLength / size;
  if (bytes.byteOffset % size === 0) return new ctor(bytes.buffer, bytes.byteOffset, length);
  return new ctor(bytes.slice().buffer, 0, length);
}

let float16Table: Float32Array | undefined;

/** All 65536 half values as float32 (every half is exactly representable, NaN payloads included). */
function halfToFloatTable(): Float32Array {
  if (float16Table) return float16Table;
  const table = new Float32Array(65536);
  const bits = new Uint32Array(table.buffer);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    if (exponent === 0x1f) {
      // Inf/NaN: keep the payload bit-exact, as torch's widening does.
      bits[h] = ((h & 0x8000) << 16) | 0x7f800000 | (mantissa << 13);
    } else if (exponent === 0) {
      table[h] = sign * mantissa * 2 ** -24;
    } else {
      table[h] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
    }
  }
  float16Table = table;
  return table;
}

/** Exact widening of IEEE half bits to float32. */
export function float16ToFloat32(half: Uint16Array): Float32Array {
  const table = halfToFloatTable();
  const out = new Float32Array(half.length);
  for (let i = 0; i < half.length; i++) out[i] = table[half[i] as number] as number;
  return out;
}

/** Exact widening of bfloat16 bits (the top half of a float32) to float32. */
export function bfloat16ToFloat32(bf16: Uint16Array): Float32Array {
  const bits = new Uint32Array(bf16.length);
  for (let i = 0; i < bf16.length; i++) bits[i] = (bf16[i] as number) << 16;
  return new Float32Array(bits.buffer);
}

/** float32 to half bits, rounding to nearest even (as torch's `.half()`); overflow gives +-Inf. */
export function float32ToFloat16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float32BitsToHalf(bits[i] as number);
  return out;
}

function float32BitsToHalf(u: number): number {
  const sign = (u >>> 16) & 0x8000;
  const exponent = (u >>> 23) & 0xff;
  const mantissa = u & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 | (mantissa >>> 13) : 0);
  const e = exponent - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    // Subnormal half: shift the full significand (implicit bit included) into place, then round.
    const significand = mantissa | 0x800000;
    const shift = 14 - e;
    let half = significand >>> shift;
    const rest = significand & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to Inf).
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  return sign | half;
}

function intOutOfRange(label: string, index: number, value: bigint | number): ConvertError {
  return new ConvertError(
    "INT_OUT_OF_RANGE",
    `${label}: integer element ${index} = ${value} does not fit in int32 (TF.js has no int64)`,
  );
}

function int64ToInt32(bytes: Uint8Array, unsigned: boolean, label: string): Int32Array {
  const words = viewAs(bytes, Int32Array); // little-endian (low, high) pairs
  const n = words.length / 2;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const low = words[2 * i] as number;
    const high = words[2 * i + 1] as number;
    // In range iff the high word is the sign extension of the low word (and non-negative when unsigned).
    if (high !== low >> 31 || (unsigned && low < 0)) {
      const value = (BigInt(high) << 32n) | BigInt(low >>> 0);
      throw intOutOfRange(label, i, unsigned ? BigInt.asUintN(64, value) : value);
    }
    out[i] = low;
  }
  return out;
}

/**
 * Decodes `bytes` (exactly n elements of `source`, little-endian) into the dtype a WeightTensor holds:
 * floats widen to float32 (half stays half with `keepFloat16`), integers narrow to int32 with a range check.
 * F64 is rounded to float32 (TF.js weights have no float64).
 */
export function decodeElements(
  bytes: Uint8Array,
  source: SourceDType,
  keepFloat16: boolean,
  label: string,
): DecodedElements {
  switch (source) {
    case "F32":
      return { dtype: "float32", data: viewAs(bytes, Float32Array) };
    case "F16": {
      const half = viewAs(bytes, Uint16Array);
      return keepFloat16 ? { dtype: "float16", data: half } : { dtype: "float32", data: float16ToFloat32(half) };
    }
    case "BF16":
      return { dtype: "float32", data: bfloat16ToFloat32(viewAs(bytes, Uint16Array)) };
    case "F64":
      return { dtype: "float32", data: Float32Array.from(viewAs(bytes, Float64Array)) };
    case "I32":
      return { dtype: "int32", data: viewAs(bytes, Int32Array) };
    case "U32": {
      const values = viewAs(bytes, Uint32Array);
      const out = new Int32Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as number;
        if (v > 0x7fffffff) throw intOutOfRange(label, i, v);
        out[i] = v;
      }
      return { dtype: "int32", data: out };
    }
    case "I64":
      return { dtype: "int32", data: int64ToInt32(bytes, false, label) };
    case "U64":
      return { dtype: "int32", data: int64ToInt32(bytes, true, label) };
    case "I16":
      return { dtype: "int32", data: Int32Array.from(viewAs(bytes, Int16Array)) };
    case "U16":
      return { dtype: "int32", data: Int32Array.from(viewAs(bytes, Uint16Array)) };
    case "I8":
      return { dtype: "int32", data: Int32Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)) };
    case "U8":
    case "BOOL":
      return { dtype: "int32", data: Int32Array.from(bytes) };
  }
}
