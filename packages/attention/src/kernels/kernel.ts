import type * as tf from "@tensorflow/tfjs-core";
import type { AttentionMaskInfo } from "../mask.js";
import type { SelfAttentionOutput, SelfAttentionParams } from "../types.js";

/** Sizes every kernel needs, derived once from `SelfAttentionConfig`. */
export interface KernelDims {
  hiddenSize: number;
  numHeads: number;
  headDim: number;
  /** One-sided window `w = attentionWindow / 2`: query `i` sees local keys `|i - j| <= w`. */
  w: number;
}

/** One implementation of HF's `LongformerSelfAttention.forward`; owns only the tensors it derives. */
export interface AttentionKernel {
  readonly name: string;
  /** hidden (B, L, hidden) -> context (B, L, hidden) and optional HF-layout probabilities. Caller owns outputs. */
  run(hidden: tf.Tensor3D, mask: AttentionMaskInfo, outputAttentions: boolean): SelfAttentionOutput;
  dispose(): void;
}

export type KernelFactory = (params: SelfAttentionParams, dims: KernelDims) => AttentionKernel;
