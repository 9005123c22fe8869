import { fetchConvertedWeights } from "./formats/fetch-tfjs.js";
import { remoteUrl } from "./remote-url.js";
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
  const url = remoteUrl(source);
  if (url) return fetchConvertedWeights(url, options);
  // Node-only code is imported on demand (the browser entry has its own loadWeights without this branch).
  const { loadLocalWeights } = await import("./node/load-local.js");
  return loadLocalWeights(source, options);
}
