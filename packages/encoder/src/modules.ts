/**
 * `@longformer-ts/encoder/modules`: the building blocks under `LongformerModel`, for packages that build task
 * heads on the encoder (HF's module names; each module lists its weights in `weightSpecs` and runs with
 * `forward`). Applications use the root entry.
 */

export { type PaddedInputs, padToWindowSize } from "./model/padding.js";
export { activation, isKnownActivation, knownActivations } from "./modules/activation.js";
export { type AttentionResult, LongformerAttention } from "./modules/attention.js";
export { createPositionIds, type EmbeddingInputs, LongformerEmbeddings } from "./modules/embeddings.js";
export { type EncoderOptions, type EncoderOutput, LongformerEncoder } from "./modules/encoder.js";
export { LongformerIntermediate, LongformerOutput } from "./modules/feed-forward.js";
export { type LayerResult, LongformerLayer } from "./modules/layer.js";
export { LayerNorm, type LayerNormPart } from "./modules/layer-norm.js";
export { Linear, type LinearPart } from "./modules/linear.js";
export { LongformerPooler } from "./modules/pooler.js";
export { LongformerSelfOutput } from "./modules/self-output.js";
export { tidyResult } from "./modules/tidy.js";
