import { ConvertError } from "./errors.js";
import { fetchConvertedWeights } from "./formats/fetch-tfjs.js";
import type { LoadedWeights, ProgressCallback } from "./types.js";

export interface LoadWeightsOptions {
  /** Keep float16 tensors (F16 safetensors/storages, float16 TF.js shards) as half bits instead of widening. */
  keepFloat16?: boolean;
  /** fetch implementation for URL sources (default: the global fetch). */
  fetch?: typeof fetch;
  onProgress?: ProgressCallback;
}

/**
 * Loads weights and config from a converted directory (model.json + shards), a raw HF directory
 * (model.safetensors, pytorch_model.bin, or their sharded index), a single weight file, or the URL of a
 * converted directory. The result has tied weights resolved, so every variant of a checkpoint gives the
 * same names.
 *
 * @example
 * const { config, weights } = await loadWeights("models/tiny-mlm");
 * weights.get("lm_head.decoder.weight") === weights.get("longformer.embeddings.word_embeddings.weight"); // true
 */
export async function loadWeights(source: string | URL, options: LoadWeightsOptions = {}): Promise<LoadedWeights> {
  const url = source instanceof URL ? source : /^https?:\/\//i.test(source) ? new URL(source) : undefined;
  if (url && (url.protocol === "http:" || url.protocol === "https:")) return fetchConvertedWeights(url, options);
  if (url && url.protocol !== "file:")
    throw new ConvertError("INVALID_ARGUMENT", `unsupported URL protocol ${url.protocol}`);
  // Node-only code is imported on demand so that browser bundles of this package never pull in node:fs.
  const { loadLocalWeights } = await import("./node/load-local.js");
  return loadLocalWeights(url ?? (source as string), options);
}
