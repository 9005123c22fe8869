// The browser entry (the `browser` export condition): everything of the package that runs without Node.
// Converting, the hub download and loading from local directories need the file system and stay out, so a
// bundle of this entry has no `node:*` import at all.
import { ConvertError } from "./errors.js";
import { fetchConvertedWeights } from "./formats/fetch-tfjs.js";
import type { LoadWeightsOptions } from "./load-weights.js";
import { remoteUrl } from "./remote-url.js";
import type { LoadedWeights } from "./types.js";

export { bfloat16ToFloat32, float16ToFloat32, float32ToFloat16 } from "./dtypes.js";
export { ConvertError, type ConvertErrorCode, isConvertError } from "./errors.js";
export { fetchTfjsShards } from "./formats/fetch-tfjs.js";
export { type PytorchFormat, readPytorchCheckpoint } from "./formats/pytorch.js";
export {
  parseSafetensorsHeader,
  readSafetensors,
  type SafetensorsEntry,
  type SafetensorsHeader,
} from "./formats/safetensors.js";
export {
  decodeTfjsWeights,
  parseModelJson,
  type TfjsModelJson,
  type TfjsWeightSpec,
  type TfjsWeightsGroup,
} from "./formats/tfjs.js";
export { isHubRepoId } from "./hub/repo-id.js";
export type { LoadWeightsOptions } from "./load-weights.js";
export { DEFAULT_DROP_PATTERN, type NormalizeReport, normalizeWeights, type TiedWeight } from "./tied-weights.js";
export type {
  ConvertProgressEvent,
  LoadedWeights,
  ProgressCallback,
  ProgressEvent,
  WeightDType,
  WeightFormat,
  WeightMap,
  WeightTensor,
} from "./types.js";

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
  return fetchConvertedWeights(url, options);
}
