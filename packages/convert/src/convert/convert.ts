import { existsSync } from "node:fs";
import { copyFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { float16ToFloat32, float32ToFloat16, weightDTypeBytes } from "../dtypes.js";
import { ConvertError } from "../errors.js";
import { checkFiniteWeights } from "../finite-weights.js";
import type { TfjsModelJson, TfjsWeightSpec } from "../formats/tfjs.js";
import { type FromHubOptions, fromHub, isHubRepoId } from "../hub/from-hub.js";
import { detectCheckpoint, readRawCheckpoint } from "../node/checkpoint-dir.js";
import { loadConvertedDir } from "../node/converted-dir.js";
import { DEFAULT_DROP_PATTERN, type TiedWeight } from "../tied-weights.js";
import { TOKENIZER_FILES } from "../tokenizer-files.js";
import type { ProgressCallback, WeightFormat, WeightTensor } from "../types.js";
import { checkOutputOutsideSource, checkOutputTarget, writeDirectoryAtomically } from "./atomic-dir.js";
import { OUTPUT_FORMAT } from "./output-files.js";
import { packageVersion } from "./package-version.js";
import { ShardWriter } from "./shard-writer.js";

/** Files copied next to model.json when present (the tokenizer and the plain config). */
export const COPIED_FILES = ["config.json", ...TOKENIZER_FILES] as const;

/** tfjs' default shard size (4 MiB). */
export const DEFAULT_SHARD_SIZE = 4 * 1024 * 1024;

export interface ConvertOptions {
  /** Stored dtype of float tensors: float32 (default) or float16 (TF.js float16 quantization, half the size). */
  dtype?: "float32" | "float16";
  /** Bytes per shard file (default 4 MiB). */
  shardSize?: number;
  /**
   * Replace an existing output directory (atomically). Only a previous conversion output is replaced (a
   * model.json of this package and nothing but conversion files): anything else is `OUTPUT_NOT_REPLACEABLE`.
   */
  overwrite?: boolean;
  /** Names to leave out (default: `position_ids` buffers); null keeps everything. */
  dropPattern?: RegExp | null;
  onProgress?: ProgressCallback;
  /** Convert weights holding NaN or Infinity (listed in the summary's `nonFinite`) instead of failing. */
  allowNonFinite?: boolean;
  /** Where hub ids are resolved (revision, cache, offline mode, endpoint, fetch). */
  hub?: Omit<FromHubOptions, "onProgress">;
}

export interface ConvertSummary {
  source: string;
  sourceFormat: WeightFormat;
  outDir: string;
  dtype: "float32" | "float16";
  /** Names written (tied names count once each). */
  tensors: number;
  /** Elements of the distinct tensors (tied tensors counted once), i.e. the model's parameter count. */
  parameters: number;
  /** Bytes of weight data written to the shards. */
  bytes: number;
  shards: number;
  /** Written dtypes: tensor count per dtype. */
  dtypes: Record<string, number>;
  /** Source dtypes: tensor count per dtype in the checkpoint. */
  sourceDtypes: Record<string, number>;
  tiedWeights: TiedWeight[];
  droppedNames: string[];
  copiedFiles: string[];
  /** Tensors holding NaN or Infinity (only ever non-empty with `allowNonFinite`), e.g. "x (3 of 12 elements)". */
  nonFinite: string[];
  seconds: number;
}

function validateOptions(options: ConvertOptions): { dtype: "float32" | "float16"; shardSize: number } {
  const dtype = options.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float16") {
    throw new ConvertError("INVALID_ARGUMENT", `dtype must be float32 or float16, got ${String(dtype)}`);
  }
  const shardSize = options.shardSize ?? DEFAULT_SHARD_SIZE;
  if (!Number.isSafeInteger(shardSize) || shardSize < 1024) {
    throw new ConvertError(
      "INVALID_ARGUMENT",
      `shard size must be an integer of at least 1024 bytes, got ${shardSize}`,
    );
  }
  return { dtype, shardSize };
}

/** The stored form of a tensor: the bytes and the manifest entry that describes them. */
function encodeTensor(
  name: string,
  tensor: WeightTensor,
  dtype: "float32" | "float16",
): { spec: TfjsWeightSpec; bytes: Uint8Array } {
  const asBytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const shape = [...tensor.shape];
  if (tensor.dtype === "int32") return { spec: { name, shape, dtype: "int32" }, bytes: asBytes(tensor.data) };
  if (dtype === "float16") {
    const half =
      tensor.dtype === "float16" ? (tensor.data as Uint16Array) : float32ToFloat16(tensor.data as Float32Array);
    return { spec: { name, shape, dtype: "float32", quantization: { dtype: "float16" } }, bytes: asBytes(half) };
  }
  const single =
    tensor.dtype === "float16" ? float16ToFloat32(tensor.data as Uint16Array) : (tensor.data as Float32Array);
  return { spec: { name, shape, dtype: "float32" }, bytes: asBytes(single) };
}

function storedBytes(tensor: WeightTensor, dtype: "float32" | "float16"): number {
  const elements = tensor.data.length;
  return tensor.dtype === "int32" ? elements * 4 : elements * weightDTypeBytes(dtype);
}

/**
 * Converts a HF checkpoint directory (safetensors, pytorch_model.bin zip or legacy, sharded or not, or an
 * already converted directory) or a hub repo id to the TF.js weights format in `outDir`: `model.json` (the HF
 * config plus a `weightsManifest`), `group1-shardNofM.bin`, and the tokenizer files. HF tensor names are
 * kept; tied weights are written under both names so every variant of a checkpoint gives the same tensor
 * set. The output appears atomically: on any failure nothing is left at `outDir`.
 */
export async function convert(source: string, outDir: string, options: ConvertOptions = {}): Promise<ConvertSummary> {
  const started = performance.now();
  const { dtype, shardSize } = validateOptions(options);
  let dir = source;
  if (!existsSync(source)) {
    if (!isHubRepoId(source))
      throw new ConvertError("NOT_FOUND", `${source} is neither a directory nor a hub repo id (owner/name)`);
    dir = (await fromHub(source, { ...options.hub, onProgress: options.onProgress })).dir;
  }
  const layout = await detectCheckpoint(dir);
  checkOutputOutsideSource(outDir, layout.dir);
  if (layout.kind === "raw") for (const file of layout.weightFiles) checkOutputOutsideSource(outDir, file);
  checkOutputTarget(outDir, options.overwrite ?? false);

  const keepFloat16 = dtype === "float16";
  const read =
    layout.kind === "tfjs"
      ? await loadConvertedDir(layout.modelJson, { keepFloat16, onProgress: options.onProgress }).then((w) => ({
          ...w,
          report: { tiedWeights: [], droppedNames: [] },
          sourceDtypes: {},
        }))
      : await readRawCheckpoint(layout, {
          keepFloat16,
          onProgress: options.onProgress,
          dropPattern: options.dropPattern === undefined ? DEFAULT_DROP_PATTERN : options.dropPattern,
        });
  const { config, weights } = read;
  if (weights.size === 0) throw new ConvertError("NO_WEIGHTS", `${layout.dir} contains no tensors`);
  const nonFinite = checkFiniteWeights(weights, source, options.allowNonFinite);

  const totalBytes = [...weights.values()].reduce((sum, t) => sum + storedBytes(t, dtype), 0);
  const distinct = new Set(weights.values());
  const parameters = [...distinct].reduce((sum, t) => sum + t.data.length, 0);
  const dtypes: Record<string, number> = {};

  const written = await writeDirectoryAtomically(outDir, options.overwrite ?? false, async (temp) => {
    const shards = new ShardWriter(temp, totalBytes, shardSize, options.onProgress);
    const specs: TfjsWeightSpec[] = [];
    let done = 0;
    for (const [name, tensor] of weights) {
      const { spec, bytes } = encodeTensor(name, tensor, dtype);
      await shards.write(bytes);
      specs.push(spec);
      const key = spec.quantization?.dtype ?? spec.dtype;
      dtypes[key] = (dtypes[key] ?? 0) + 1;
      options.onProgress?.({ phase: "encode", unit: "tensors", loaded: ++done, total: weights.size, file: name });
    }
    await shards.close();

    const copiedFiles: string[] = [];
    for (const file of COPIED_FILES) {
      if (!existsSync(join(layout.dir, file))) continue;
      await copyFile(join(layout.dir, file), join(temp, file));
      copiedFiles.push(file);
    }
    const version = packageVersion();
    const modelJson: TfjsModelJson = {
      format: OUTPUT_FORMAT,
      generatedBy: `transformers ${typeof config.transformers_version === "string" ? config.transformers_version : "unknown"}`,
      convertedBy: `@longformer-ts/convert ${version}`,
      config,
      weightsManifest: [{ paths: shards.paths, weights: specs }],
      longformerTs: {
        sourceFormat: read.format,
        dtype,
        tiedWeights: read.report.tiedWeights,
        droppedNames: read.report.droppedNames,
      },
    };
    await writeFile(join(temp, "model.json"), `${JSON.stringify(modelJson, null, 1)}\n`);
    return { shards: shards.paths.length, copiedFiles };
  });

  return {
    source,
    sourceFormat: read.format,
    outDir: resolve(outDir),
    dtype,
    tensors: weights.size,
    parameters,
    bytes: totalBytes,
    shards: written.shards,
    dtypes,
    sourceDtypes: read.sourceDtypes,
    tiedWeights: read.report.tiedWeights,
    droppedNames: read.report.droppedNames,
    copiedFiles: written.copiedFiles,
    nonFinite: nonFinite.map((t) => `${t.name} (${t.count} of ${t.elements} elements)`),
    seconds: (performance.now() - started) / 1000,
  };
}
