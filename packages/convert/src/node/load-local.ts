import { fileURLToPath } from "node:url";
import type { LoadWeightsOptions } from "../load-weights.js";
import type { LoadedWeights } from "../types.js";
import { detectCheckpoint, readRawCheckpoint } from "./checkpoint-dir.js";
import { loadConvertedDir } from "./converted-dir.js";

export async function loadLocalWeights(source: string | URL, options: LoadWeightsOptions): Promise<LoadedWeights> {
  const path = source instanceof URL ? fileURLToPath(source) : source;
  const layout = await detectCheckpoint(path);
  if (layout.kind === "tfjs") return loadConvertedDir(layout.modelJson, options);
  const raw = await readRawCheckpoint(layout, options);
  return { config: raw.config, weights: raw.weights, format: raw.format, source: path };
}
