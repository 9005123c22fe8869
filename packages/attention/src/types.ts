import type * as tf from "@tensorflow/tfjs-core";

/** One PyTorch `nn.Linear`, as stored in HF checkpoints: `y = x W^T + b`, `weight` is `(out, in)`. */
export interface LinearParams {
  weight: tf.Tensor2D; // (out, in)
  bias: tf.Tensor1D; // (out)
}

/** HF `LongformerSelfAttention`'s six projections (`attention.self.*`). */
export interface SelfAttentionParams {
  query: LinearParams;
  key: LinearParams;
  value: LinearParams;
  queryGlobal: LinearParams;
  keyGlobal: LinearParams;
  valueGlobal: LinearParams;
}

export interface SelfAttentionConfig {
  hiddenSize: number;
  numHeads: number;
  /** Two-sided `attention_window` of this layer (even); the one-sided window is `w = attentionWindow / 2`. */
  attentionWindow: number;
}

export interface SelfAttentionOutput {
  /** Attention context before `attention.output.dense`: `(B, L, hidden)`. */
  context: tf.Tensor3D;
  /** HF layout `(B, heads, L, G + 2w + 1)`, only when requested. */
  attentions?: tf.Tensor4D;
  /** HF layout `(B, heads, L, G)`, only when requested and some row has a global token. */
  globalAttentions?: tf.Tensor4D;
}
