// The part of the public API that runs anywhere (no file system): both entries re-export it, `index.ts` adds the
// Node-only tools, `browser.ts` a URL-only `loadWeights`.
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
