import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ConvertError } from "../errors.js";
import { readPytorchCheckpoint } from "../formats/pytorch.js";
import { parseSafetensorsHeader, readSafetensors } from "../formats/safetensors.js";
import { assertSafeRelativePath } from "../paths.js";
import { DEFAULT_DROP_PATTERN, type NormalizeReport, normalizeWeights } from "../tied-weights.js";
import type { ProgressCallback, WeightFormat, WeightMap } from "../types.js";
import { readFileBytes, readJsonFile } from "./read-file.js";

/** The weight files of a raw HF directory, in the order HF's `from_pretrained` prefers them. */
const RAW_CANDIDATES = [
  { file: "model.safetensors", kind: "safetensors" },
  { file: "model.safetensors.index.json", kind: "safetensors-index" },
  { file: "pytorch_model.bin", kind: "bin" },
  { file: "pytorch_model.bin.index.json", kind: "bin-index" },
] as const;

export type CheckpointLayout =
  | { kind: "tfjs"; dir: string; modelJson: string }
  | { kind: "raw"; dir: string; weightFiles: string[]; family: "safetensors" | "bin" };

/**
 * Finds what a path holds: a converted directory (model.json), a raw HF directory, or a single weight file
 * (its directory supplies config.json).
 */
export async function detectCheckpoint(path: string): Promise<CheckpointLayout> {
  if (!existsSync(path)) throw new ConvertError("NOT_FOUND", `${path} does not exist`);
  if (statSync(path).isFile()) {
    const dir = dirname(path);
    const name = basename(path);
    if (name.endsWith(".json") && !name.endsWith(".index.json")) return { kind: "tfjs", dir, modelJson: path };
    if (name.endsWith(".index.json"))
      return indexLayout(dir, path, name.includes("safetensors") ? "safetensors" : "bin");
    return { kind: "raw", dir, weightFiles: [path], family: name.endsWith(".safetensors") ? "safetensors" : "bin" };
  }
  const modelJson = join(path, "model.json");
  if (existsSync(modelJson)) return { kind: "tfjs", dir: path, modelJson };
  for (const { file, kind } of RAW_CANDIDATES) {
    const full = join(path, file);
    if (!existsSync(full)) continue;
    if (kind === "safetensors") return { kind: "raw", dir: path, weightFiles: [full], family: "safetensors" };
    if (kind === "bin") return { kind: "raw", dir: path, weightFiles: [full], family: "bin" };
    return indexLayout(path, full, kind === "safetensors-index" ? "safetensors" : "bin");
  }
  throw new ConvertError(
    "NO_WEIGHTS",
    `${path} holds no model.json, model.safetensors, pytorch_model.bin or sharded index (found: ${readdirSync(path).join(", ") || "nothing"})`,
  );
}

async function indexLayout(dir: string, indexPath: string, family: "safetensors" | "bin"): Promise<CheckpointLayout> {
  const index = (await readJsonFile(indexPath, "MANIFEST_INVALID")) as { weight_map?: unknown };
  const map = index?.weight_map;
  if (typeof map !== "object" || map === null)
    throw new ConvertError("MANIFEST_INVALID", `${indexPath} has no "weight_map"`);
  const files = [...new Set(Object.values(map as Record<string, unknown>))].map((f) =>
    assertSafeRelativePath(f, indexPath),
  );
  return { kind: "raw", dir, weightFiles: files.map((f) => join(dir, f)), family };
}

function count(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export async function readConfig(dir: string): Promise<Record<string, unknown>> {
  const path = join(dir, "config.json");
  if (!existsSync(path))
    throw new ConvertError("CONFIG_MISSING", `${dir} has no config.json (the HF model config is required)`);
  const config = await readJsonFile(path, "CONFIG_INVALID");
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new ConvertError("CONFIG_INVALID", `${path} is not a JSON object`);
  }
  return config as Record<string, unknown>;
}

export interface RawCheckpoint {
  config: Record<string, unknown>;
  weights: WeightMap;
  format: Exclude<WeightFormat, "tfjs">;
  report: NormalizeReport;
  /** The weight files read. */
  files: string[];
  /** How many tensors each source dtype had (before widening/narrowing), e.g. { F16: 142 }. */
  sourceDtypes: Record<string, number>;
}

/** Reads every weight file of a raw HF checkpoint, then resolves tied weights and drops non-weight buffers. */
export async function readRawCheckpoint(
  layout: Extract<CheckpointLayout, { kind: "raw" }>,
  options: { keepFloat16?: boolean; onProgress?: ProgressCallback; dropPattern?: RegExp | null },
): Promise<RawCheckpoint> {
  const config = await readConfig(layout.dir);
  const weights: WeightMap = new Map();
  const sourceDtypes: Record<string, number> = {};
  let format: RawCheckpoint["format"] = "safetensors";
  for (const file of layout.weightFiles) {
    const bytes = await readFileBytes(file, options.onProgress);
    let tensors: WeightMap;
    if (layout.family === "safetensors") {
      tensors = readSafetensors(bytes, options).tensors;
      for (const entry of parseSafetensorsHeader(bytes).entries) count(sourceDtypes, entry.dtype);
    } else {
      const read = readPytorchCheckpoint(bytes, options);
      tensors = read.tensors;
      format = read.format;
      for (const dtype of Object.values(read.sourceDtypes)) count(sourceDtypes, dtype);
    }
    for (const [name, tensor] of tensors) {
      if (weights.has(name))
        throw new ConvertError("DUPLICATE_NAME", `tensor "${name}" appears in two weight files (${file})`);
      weights.set(name, tensor);
    }
  }
  const report = normalizeWeights(
    weights,
    config,
    options.dropPattern === undefined ? DEFAULT_DROP_PATTERN : options.dropPattern,
  );
  return { config, weights, format, report, files: layout.weightFiles, sourceDtypes };
}
