export { type BackendName, prepareBackend, requireBackend, useBackend } from "./backend.js";
export { LONGFORMER_CONFIG_DEFAULTS } from "./config/defaults.js";
export type { LongformerConfig } from "./config/longformer-config.js";
export { parseLongformerConfig } from "./config/parse-config.js";
export {
  BackendError,
  ConfigError,
  InputError,
  LongformerError,
  type WeightProblems,
  type WeightShapeMismatch,
  WeightsError,
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
export { type PaddedInputs, padToWindowSize } from "./model/padding.js";
export { activation, isKnownActivation, knownActivations } from "./modules/activation.js";
export { type AttentionResult, LongformerAttention } from "./modules/attention.js";
export { createPositionIds, type EmbeddingInputs, LongformerEmbeddings } from "./modules/embeddings.js";
export { type EncoderOptions, type EncoderOutput, LongformerEncoder } from "./modules/encoder.js";
export { LongformerIntermediate, LongformerOutput } from "./modules/feed-forward.js";
export { type LayerResult, LongformerLayer } from "./modules/layer.js";
export { LayerNorm } from "./modules/layer-norm.js";
export { Linear } from "./modules/linear.js";
export { LongformerPooler } from "./modules/pooler.js";
export { LongformerSelfOutput } from "./modules/self-output.js";
export { tidyResult } from "./modules/tidy.js";
export { type WeightCheckOptions, WeightReader, type WeightSpec } from "./weights/weight-reader.js";
