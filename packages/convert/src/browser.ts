// The browser entry (the `browser` export condition): everything of the package that runs without Node.
// Converting, the hub download and loading from local directories need the file system and stay out, so a
// bundle of this entry has no `node:*` import at all.
import { ConvertError } from "./errors.js";
import { checkFiniteWeights } from "./finite-weights.js";
import { fetchConvertedWeights } from "./formats/fetch-tfjs.js";
import type { LoadWeightsOptions } from "./load-weights.js";
import { remoteUrl } from "./remote-url.js";
import type { LoadedWeights } from "./types.js";

export type { LoadWeightsOptions } from "./load-weights.js";
export * from "./portable.js";

/**
 * `loadWeights` of the browser entry: the URL of a converted directory (model.json + shards), fetched. Local
 * paths need the Node entry and are an `INVALID_ARGUMENT` error naming what to do instead.
 */
export async function loadWeights(source: string | URL, options: LoadWeightsOptions = {}): Promise<LoadedWeights> {
  const url = remoteUrl(source);
  if (!url) {
    throw new ConvertError(
      "INVALID_ARGUMENT",
      `cannot read ${String(source)} in a browser: pass the http(s) URL of a converted model directory`,
    );
  }
  const loaded = await fetchConvertedWeights(url, options);
  checkFiniteWeights(loaded.weights, loaded.source, options.allowNonFinite);
  return loaded;
}
