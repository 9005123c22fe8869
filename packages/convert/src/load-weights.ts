import { checkFiniteWeights } from "./finite-weights.js";
import { fetchConvertedWeights } from "./formats/fetch-tfjs.js";
import { remoteUrl } from "./remote-url.js";
import type { LoadedWeights, ProgressCallback } from "./types.js";

export interface LoadWeightsOptions {
  /** Keep float16 tensors (F16 safetensors/storages, float16 TF.js shards) as half bits instead of widening. */
  keepFloat16?: boolean;
  /** fetch implementation for URL sources (default: the global fetch). */
  fetch?: typeof fetch;
  onProgress?: ProgressCallback;
  /** Load weights holding NaN or Infinity instead of failing with `NON_FINITE_WEIGHTS`. */
  allowNonFinite?: boolean;
}

/**
 * Loads weights and config from a converted directory (model.json + shards), a raw HF directory
 * (model.safetensors, pytorch_model.bin, or their sharded index), a single weight file, or the URL of a
 * converted directory. The result has tied weights resolved, so every variant of a checkpoint gives the
 * same names. Weights holding NaN or Infinity are a `NON_FINITE_WEIGHTS` error unless `allowNonFinite`.
 *
 * @example
 * const { config, weights } = await loadWeights("models/tiny-mlm");
 * weights.get("lm_head.decoder.weight") === weights.get("longformer.embeddings.word_embeddings.weight"); // true
 */
export async function loadWeights(source: string | URL, options: LoadWeightsOptions = {}): Promise<LoadedWeights> {
  const url = remoteUrl(source);
  let loaded: LoadedWeights;
  if (url) {
    loaded = await fetchConvertedWeights(url, options);
  } else {
    // Node-only code is imported on demand (the browser entry has its own loadWeights without this branch).
    const { loadLocalWeights } = await import("./node/load-local.js");
    loaded = await loadLocalWeights(source, options);
  }
  checkFiniteWeights(loaded.weights, loaded.source, options.allowNonFinite);
  return loaded;
}
