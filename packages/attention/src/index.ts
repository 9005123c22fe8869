// Re-exported for apps/web, which asks attention why a forward is slow; the SIMD module is @longformer-ts/simd's.
export { type SimdPaths, simdPaths } from "@longformer-ts/simd";
export { AttentionError, type AttentionErrorCode } from "./errors.js";
export {
  type AttentionKernelName,
  autoKernel,
  type ConcreteKernelName,
  isKernelName,
  KERNEL_NAMES,
} from "./kernels/registry.js";
export { type AttentionMaskInfo, prepareAttentionMask } from "./mask.js";
export { LongformerSelfAttention, type SelfAttentionOptions } from "./self-attention.js";
export type { LinearParams, SelfAttentionConfig, SelfAttentionOutput, SelfAttentionParams } from "./types.js";
