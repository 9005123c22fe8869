import { existsSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ConvertError } from "../errors.js";
import { decodeTfjsWeights, parseModelJson, type TfjsModelJson } from "../formats/tfjs.js";
import { normalizeWeights } from "../tied-weights.js";
import type { LoadedWeights, ProgressCallback } from "../types.js";
import { readConfig } from "./checkpoint-dir.js";
import { readJsonFile } from "./read-file.js";

/** Reads the shards of one group straight into one buffer (no per-shard copies to concatenate). */
async function readGroup(dir: string, paths: string[], onProgress?: ProgressCallback): Promise<Uint8Array> {
  const files = paths.map((p) => join(dir, p));
  const sizes: number[] = [];
  for (const file of files) {
    try {
      sizes.push((await stat(file)).size);
    } catch (cause) {
      throw new ConvertError("SHARD_INVALID", `weight shard ${file} is missing`, { cause });
    }
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const [i, file] of files.entries()) {
    const size = sizes[i] as number;
    const handle = await open(file, "r");
    try {
      let read = 0;
      while (read < size) {
        const { bytesRead } = await handle.read(out, offset + read, size - read, read);
        if (bytesRead === 0) throw new ConvertError("SHARD_INVALID", `weight shard ${file} shrank while being read`);
        read += bytesRead;
      }
    } finally {
      await handle.close();
    }
    offset += size;
    onProgress?.({ phase: "read", unit: "bytes", loaded: offset, total, file });
  }
  return out;
}

export async function readModelJson(path: string): Promise<TfjsModelJson> {
  return parseModelJson(await readJsonFile(path, "MANIFEST_INVALID"));
}

/** A directory written by `convert` (or any TF.js weights manifest with a config). */
export async function loadConvertedDir(
  modelJsonPath: string,
  options: { keepFloat16?: boolean; onProgress?: ProgressCallback },
): Promise<LoadedWeights> {
  const dir = dirname(modelJsonPath);
  const model = await readModelJson(modelJsonPath);
  const config = model.config ?? (existsSync(join(dir, "config.json")) ? await readConfig(dir) : undefined);
  if (!config)
    throw new ConvertError("CONFIG_MISSING", `${modelJsonPath} has no "config" and there is no config.json beside it`);
  const groups: Uint8Array[] = [];
  for (const group of model.weightsManifest) groups.push(await readGroup(dir, group.paths, options.onProgress));
  const weights = decodeTfjsWeights(model.weightsManifest, groups, options);
  // Converted dirs are already resolved; this only matters for TF.js dirs written by other tools.
  normalizeWeights(weights, config, null);
  return { config, weights, format: "tfjs", source: dir };
}
