import { decodeElements, isSourceDType, type SourceDType, sourceDTypeBytes } from "../dtypes.js";
import { ConvertError } from "../errors.js";
import { shapeSize } from "../shapes.js";
import type { WeightMap } from "../types.js";

/** Same bound as the reference `safetensors` crate: a larger header is refused before it is decoded. */
const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsEntry {
  name: string;
  dtype: SourceDType;
  shape: number[];
  /** Byte range inside the data section (after the 8-byte length and the header). */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
  /** Offset of the data section in the file. */
  dataStart: number;
}

function headerError(message: string, cause?: unknown): ConvertError {
  return new ConvertError("SAFETENSORS_HEADER", `safetensors: ${message}`, { cause });
}

/**
 * Bytes of JSON one header entry (`"name": {...}`) may take. A real entry is about 100 bytes (dtype, a shape of
 * a few dimensions, two offsets); without a bound a 100 MB header of one entry with a shape of millions of
 * dimensions cost 3-4 GB once parsed. `__metadata__` (string pairs) gets more room.
 */
export const MAX_HEADER_ENTRY_BYTES = 64 * 1024;
export const MAX_HEADER_METADATA_BYTES = 1024 * 1024;

/**
 * The keys of the top-level object of a JSON text with the length of each entry's text, duplicates included
 * (JSON.parse drops them). Runs before JSON.parse, so it must end on any input: on text that is not JSON it
 * returns something arbitrary and JSON.parse then reports the real error.
 */
function topLevelEntries(text: string): { key: string; bytes: number }[] {
  const entries: { key: string; bytes: number }[] = [];
  let depth = 0;
  let expectKey = false;
  let entryStart = -1;
  const close = (at: number): void => {
    const last = entries[entries.length - 1];
    if (last && entryStart >= 0) last.bytes = at - entryStart;
    entryStart = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (depth === 1 && expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          key = text.slice(i + 1, Math.min(j, i + 200));
        }
        entries.push({ key, bytes: 0 });
        entryStart = i;
        expectKey = false;
      }
      i = j;
    } else if (c === "{" || c === "[") {
      depth++;
      expectKey = depth === 1;
    } else if (c === "}" || c === "]") {
      if (depth === 1) close(i);
      depth--;
    } else if (c === "," && depth === 1) {
      close(i);
      expectKey = true;
    }
  }
  close(text.length);
  return entries;
}

/** Refuses oversized entries before JSON.parse builds them. */
function checkEntrySizes(entries: { key: string; bytes: number }[]): void {
  for (const { key, bytes } of entries) {
    const limit = key === "__metadata__" ? MAX_HEADER_METADATA_BYTES : MAX_HEADER_ENTRY_BYTES;
    if (bytes > limit) {
      throw headerError(
        `entry "${key.slice(0, 200)}" takes ${bytes} bytes of header, more than the ${limit} a tensor entry can need`,
      );
    }
  }
}

function isNonNegativeInteger(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

function parseEntry(name: string, info: unknown): SafetensorsEntry {
  if (typeof info !== "object" || info === null || Array.isArray(info)) {
    throw headerError(`entry "${name}" is not an object`);
  }
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== "string") throw headerError(`entry "${name}" has no string "dtype"`);
  if (!isSourceDType(dtype)) {
    throw new ConvertError("UNSUPPORTED_DTYPE", `safetensors: tensor "${name}" has unsupported dtype ${dtype}`);
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw headerError(`entry "${name}" has an invalid "shape" (expected an array of non-negative integers)`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
    throw headerError(`entry "${name}" has invalid "data_offsets" (expected [begin, end])`);
  }
  return { name, dtype, shape: [...shape], begin: offsets[0] as number, end: offsets[1] as number };
}

/**
 * Parses and validates the header the way the reference implementation does: the length is sane and inside
 * the file, the header is UTF-8 JSON starting with `{`, names are unique, and the tensors tile the data
 * section exactly (sorted by offset, each starting where the previous one ended, the last one ending at the
 * end of the file) with byte lengths equal to dtype size x number of elements.
 */
export function parseSafetensorsHeader(bytes: Uint8Array): SafetensorsHeader {
  if (bytes.byteLength < 8)
    throw headerError(`file of ${bytes.byteLength} bytes is too small for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES))
    throw headerError(`header length ${headerLength} exceeds ${MAX_HEADER_BYTES} bytes`);
  const n = Number(headerLength);
  if (8 + n > bytes.byteLength) {
    throw headerError(`header length ${n} points past the end of the ${bytes.byteLength}-byte file (truncated?)`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch (cause) {
    throw headerError("header is not valid UTF-8", cause);
  }
  if (!text.startsWith("{")) throw headerError("header does not start with '{'");
  const topLevel = topLevelEntries(text);
  checkEntrySizes(topLevel);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw headerError(`header is not valid JSON (${(cause as Error).message})`, cause);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw headerError("header is not a JSON object");

  const seen = new Set<string>();
  for (const { key } of topLevel) {
    if (seen.has(key)) throw new ConvertError("DUPLICATE_NAME", `safetensors: tensor name "${key}" appears twice`);
    seen.add(key);
  }

  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, info] of Object.entries(json as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (typeof info !== "object" || info === null || Array.isArray(info))
        throw headerError("__metadata__ is not an object");
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== "string") throw headerError(`__metadata__["${k}"] is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    entries.push(parseEntry(name, info));
  }

  const dataStart = 8 + n;
  const dataLength = bytes.byteLength - dataStart;
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expectedBegin = 0;
  for (const entry of sorted) {
    if (entry.end < entry.begin) {
      throw new ConvertError(
        "SAFETENSORS_OFFSETS",
        `safetensors: tensor "${entry.name}" ends (${entry.end}) before it begins (${entry.begin})`,
      );
    }
    if (entry.begin !== expectedBegin) {
      const what =
        entry.begin < expectedBegin ? "overlaps the previous tensor" : "leaves a gap after the previous tensor";
      throw new ConvertError(
        "SAFETENSORS_OFFSETS",
        `safetensors: tensor "${entry.name}" starts at ${entry.begin} but the previous tensor ends at ${expectedBegin} (${what})`,
      );
    }
    if (entry.end > dataLength) {
      throw new ConvertError(
        "SAFETENSORS_OFFSETS",
        `safetensors: tensor "${entry.name}" ends at ${entry.end}, past the ${dataLength}-byte data section (truncated file?)`,
      );
    }
    const count = shapeSize(entry.shape, `safetensors tensor "${entry.name}"`);
    const expectedBytes = count * sourceDTypeBytes(entry.dtype);
    if (entry.end - entry.begin !== expectedBytes) {
      throw new ConvertError(
        "SAFETENSORS_TENSOR",
        `safetensors: tensor "${entry.name}" (${entry.dtype} [${entry.shape.join(", ")}]) needs ${expectedBytes} bytes but data_offsets span ${entry.end - entry.begin}`,
      );
    }
    expectedBegin = entry.end;
  }
  if (expectedBegin !== dataLength) {
    throw new ConvertError(
      "SAFETENSORS_OFFSETS",
      `safetensors: tensors cover ${expectedBegin} bytes but the data section has ${dataLength} (trailing bytes)`,
    );
  }
  return { entries, metadata, dataStart };
}

/**
 * Reads a `.safetensors` file. Tensors are returned in header order. F32/I32 data are views into `bytes`
 * when aligned (no copy); F16/BF16 are widened to float32 exactly unless `keepFloat16` (BF16 always widens),
 * I64 narrows to int32 with a range check.
 */
export function readSafetensors(
  bytes: Uint8Array,
  options: { keepFloat16?: boolean } = {},
): { tensors: WeightMap; metadata: Record<string, string> } {
  const header = parseSafetensorsHeader(bytes);
  const tensors: WeightMap = new Map();
  for (const entry of header.entries) {
    const raw = bytes.subarray(header.dataStart + entry.begin, header.dataStart + entry.end);
    const { dtype, data } = decodeElements(raw, entry.dtype, options.keepFloat16 ?? false, `tensor "${entry.name}"`);
    tensors.set(entry.name, { dtype, shape: entry.shape, data });
  }
  return { tensors, metadata: header.metadata };
}
