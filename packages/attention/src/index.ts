export { AttentionError, type AttentionErrorCode } from "./errors.js";
export { geluErfSimd } from "./gelu.js";
export { type AttentionKernelName, autoKernelFor, type ConcreteKernelName, KERNEL_NAMES } from "./kernels/registry.js";
export { type AttentionMaskInfo, prepareAttentionMask } from "./mask.js";
export { LongformerSelfAttention, type SelfAttentionOptions } from "./self-attention.js";
export type { LinearParams, SelfAttentionConfig, SelfAttentionOutput, SelfAttentionParams } from "./types.js";
export { addLayerNormWasm, geluErfWasm, type SimdPaths, simdPaths } from "./wasm-heap-ops.js";
