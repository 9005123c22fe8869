import { float16ToFloat32, viewAs } from "../dtypes.js";
import { ConvertError } from "../errors.js";
import { assertSafeRelativePath } from "../paths.js";
import { shapeSize } from "../shapes.js";
import type { WeightMap, WeightTensor } from "../types.js";

/** One entry of a TF.js `weightsManifest` group (the subset of tfjs' `WeightsManifestEntry` used here). */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: "float32" | "int32" | "bool";
  /** float16: half bits, decoded to float32. uint8/uint16: affine `min + scale * q` (tfjs-converter's quantization). */
  quantization?: { dtype: "float16" | "uint8" | "uint16"; scale?: number; min?: number };
}

export interface TfjsWeightsGroup {
  paths: string[];
  weights: TfjsWeightSpec[];
}

/** `model.json` as written by this package: the HF config next to a TF.js weights manifest. */
export interface TfjsModelJson {
  format: string;
  generatedBy?: string;
  convertedBy?: string;
  /** The HF `config.json` content, verbatim. */
  config?: Record<string, unknown>;
  weightsManifest: TfjsWeightsGroup[];
  /** Provenance written by the converter (source format, tied weights, dropped names). */
  longformerTs?: Record<string, unknown>;
}

function manifestError(message: string): ConvertError {
  return new ConvertError("MANIFEST_INVALID", `model.json: ${message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseSpec(raw: unknown, where: string): TfjsWeightSpec {
  if (!isRecord(raw)) throw manifestError(`${where} is not an object`);
  const { name, shape, dtype, quantization } = raw;
  if (typeof name !== "string" || name.length === 0) throw manifestError(`${where} has no "name"`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw manifestError(`weight "${name}" has an invalid shape`);
  }
  if (dtype !== "float32" && dtype !== "int32" && dtype !== "bool") {
    throw new ConvertError("UNSUPPORTED_DTYPE", `model.json: weight "${name}" has unsupported dtype ${String(dtype)}`);
  }
  const spec: TfjsWeightSpec = { name, shape: [...(shape as number[])], dtype };
  if (quantization !== undefined) {
    if (!isRecord(quantization)) throw manifestError(`weight "${name}" has an invalid quantization`);
    const q = quantization.dtype;
    if (q !== "float16" && q !== "uint8" && q !== "uint16") {
      throw new ConvertError(
        "UNSUPPORTED_DTYPE",
        `model.json: weight "${name}" has unsupported quantization ${String(q)}`,
      );
    }
    if (q === "float16" && dtype !== "float32")
      throw manifestError(`weight "${name}": float16 quantization of ${dtype}`);
    const { scale, min } = quantization;
    if (q !== "float16" && (typeof scale !== "number" || typeof min !== "number")) {
      throw manifestError(`weight "${name}": ${q} quantization needs numeric "scale" and "min"`);
    }
    spec.quantization = {
      dtype: q,
      ...(typeof scale === "number" ? { scale } : {}),
      ...(typeof min === "number" ? { min } : {}),
    };
  }
  return spec;
}

/** Validates a parsed `model.json` (structure, dtypes, safe shard paths). */
export function parseModelJson(json: unknown): TfjsModelJson {
  if (!isRecord(json)) throw manifestError("not a JSON object");
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) throw manifestError('no "weightsManifest" array');
  const groups = manifest.map((group, g): TfjsWeightsGroup => {
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw manifestError(`weightsManifest[${g}] needs "paths" and "weights" arrays`);
    }
    return {
      paths: group.paths.map((p) => assertSafeRelativePath(p, `model.json weightsManifest[${g}].paths`)),
      weights: group.weights.map((w, i) => parseSpec(w, `weightsManifest[${g}].weights[${i}]`)),
    };
  });
  if (json.config !== undefined && !isRecord(json.config)) throw manifestError('"config" is not an object');
  return {
    ...(json as Record<string, unknown>),
    format: typeof json.format === "string" ? json.format : "",
    weightsManifest: groups,
  } as TfjsModelJson;
}

/** Bytes a spec occupies in the shards. */
export function specByteLength(spec: TfjsWeightSpec): number {
  const count = shapeSize(spec.shape, `model.json weight "${spec.name}"`, "MANIFEST_INVALID");
  const q = spec.quantization?.dtype;
  const bytesPerElement = q === "float16" || q === "uint16" ? 2 : q === "uint8" ? 1 : spec.dtype === "bool" ? 1 : 4;
  return count * bytesPerElement;
}

function decodeSpec(bytes: Uint8Array, spec: TfjsWeightSpec, keepFloat16: boolean): WeightTensor {
  const shape = [...spec.shape];
  const q = spec.quantization;
  if (q?.dtype === "float16") {
    const half = viewAs(bytes, Uint16Array);
    return keepFloat16
      ? { dtype: "float16", shape, data: half }
      : { dtype: "float32", shape, data: float16ToFloat32(half) };
  }
  if (q) {
    const values = q.dtype === "uint8" ? bytes : viewAs(bytes, Uint16Array);
    const scale = q.scale ?? 1;
    const min = q.min ?? 0;
    if (spec.dtype === "int32" || spec.dtype === "bool") {
      return { dtype: "int32", shape, data: Int32Array.from(values, (v) => Math.round(min + scale * v)) };
    }
    return { dtype: "float32", shape, data: Float32Array.from(values, (v) => min + scale * v) };
  }
  if (spec.dtype === "bool") return { dtype: "int32", shape, data: Int32Array.from(bytes) };
  if (spec.dtype === "int32") return { dtype: "int32", shape, data: viewAs(bytes, Int32Array) };
  return { dtype: "float32", shape, data: viewAs(bytes, Float32Array) };
}

/**
 * Decodes one manifest group from its shards concatenated in `paths` order (the layout `tf.io.decodeWeights`
 * reads). Fetching/reading is kept apart (see `fetchTfjsShards` / the local loader), as in tfjs' weights loader.
 */
export function decodeTfjsWeights(
  manifest: TfjsWeightsGroup[],
  groupBuffers: Uint8Array[],
  options: { keepFloat16?: boolean } = {},
): WeightMap {
  if (groupBuffers.length !== manifest.length) {
    throw new ConvertError("SHARD_INVALID", `expected ${manifest.length} weight groups, got ${groupBuffers.length}`);
  }
  const weights: WeightMap = new Map();
  manifest.forEach((group, g) => {
    const buffer = groupBuffers[g] as Uint8Array;
    let offset = 0;
    for (const spec of group.weights) {
      const length = specByteLength(spec);
      if (offset + length > buffer.byteLength) {
        throw new ConvertError(
          "SHARD_INVALID",
          `weight "${spec.name}" needs bytes ${offset}..${offset + length} but the shards of group ${g + 1} hold ${buffer.byteLength} (truncated or missing shard?)`,
        );
      }
      if (weights.has(spec.name))
        throw new ConvertError("DUPLICATE_NAME", `model.json: weight "${spec.name}" appears twice`);
      weights.set(spec.name, decodeSpec(buffer.subarray(offset, offset + length), spec, options.keepFloat16 ?? false));
      offset += length;
    }
    if (offset !== buffer.byteLength) {
      throw new ConvertError(
        "SHARD_INVALID",
        `the shards of group ${g + 1} hold ${buffer.byteLength} bytes but the manifest describes ${offset}`,
      );
    }
  });
  return weights;
}

/** Concatenates shard buffers of one group (the network gives one buffer per shard). */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}
