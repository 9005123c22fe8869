export {
  COPIED_FILES,
  type ConvertOptions,
  type ConvertSummary,
  convert,
  DEFAULT_SHARD_SIZE,
} from "./convert/convert.js";
export { defaultCacheDir, type FromHubOptions, fromHub, type HubSnapshot } from "./hub/from-hub.js";
export { type LoadWeightsOptions, loadWeights } from "./load-weights.js";
export * from "./portable.js";
