/**
 * Values HF's `LongformerConfig.__init__` (and `PretrainedConfig`) use for keys that `save_pretrained`
 * omits because they equal the default. One place, so the parser and the docs agree.
 */
export const LONGFORMER_CONFIG_DEFAULTS = {
  vocab_size: 30522,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  hidden_act: "gelu",
  hidden_dropout_prob: 0.1,
  attention_probs_dropout_prob: 0.1,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  initializer_range: 0.02,
  layer_norm_eps: 1e-12,
  attention_window: 512,
  pad_token_id: 1,
  bos_token_id: 0,
  eos_token_id: 2,
  sep_token_id: 2,
  onnx_export: false,
  /** `PretrainedConfig` builds `id2label` for 2 labels when neither it nor `num_labels` is given. */
  num_labels: 2,
} as const;
