export { type BackendName, prepareBackend, requireBackend, useBackend } from "./backend.js";
export { LONGFORMER_CONFIG_DEFAULTS } from "./config/defaults.js";
export type { LongformerConfig } from "./config/longformer-config.js";
export { parseLongformerConfig } from "./config/parse-config.js";
export {
  BackendError,
  type BackendErrorCode,
  ConfigError,
  type ConfigErrorCode,
  InputError,
  type InputErrorCode,
  LongformerError,
  type LongformerErrorCode,
  type WeightProblems,
  type WeightShapeMismatch,
  WeightsError,
  type WeightsErrorCode,
} from "./errors.js";
export type { IntegerTypedArray, LongformerInputs, PreparedInputs, TokenInput } from "./model/inputs.js";
export { prepareInputs } from "./model/inputs.js";
export {
  detectPrefix,
  type ForwardOptions,
  type FromPretrainedOptions,
  LongformerModel,
  type LongformerModelOutput,
  type ModelBuildOptions,
} from "./model/longformer-model.js";
export { type WeightCheckOptions, WeightReader, type WeightSpec } from "./weights/weight-reader.js";
