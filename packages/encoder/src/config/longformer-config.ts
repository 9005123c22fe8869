/**
 * The HF `config.json` of a Longformer checkpoint, parsed once into camelCase with defaults applied
 * (`parseLongformerConfig`). Field comments give the JSON key.
 */
export interface LongformerConfig {
  modelType: "longformer";
  /** `vocab_size` */
  vocabSize: number;
  /** `hidden_size` */
  hiddenSize: number;
  /** `num_hidden_layers` */
  numHiddenLayers: number;
  /** `num_attention_heads` (divides `hidden_size`) */
  numAttentionHeads: number;
  /** `intermediate_size`: width of the feed-forward layer */
  intermediateSize: number;
  /** `hidden_act`: a name `activation()` knows ("gelu" is the exact erf GELU) */
  hiddenAct: string;
  /** `hidden_dropout_prob` (unused at inference; kept for completeness) */
  hiddenDropoutProb: number;
  /** `attention_probs_dropout_prob` (unused at inference) */
  attentionProbsDropoutProb: number;
  /** `max_position_embeddings`: rows of the position table; positions start at `pad_token_id + 1` */
  maxPositionEmbeddings: number;
  /** `type_vocab_size` */
  typeVocabSize: number;
  /** `initializer_range` (unused at inference) */
  initializerRange: number;
  /** `layer_norm_eps`, used by every LayerNorm */
  layerNormEps: number;
  /** `pad_token_id`: also the position id of every padding token */
  padTokenId: number;
  /** `bos_token_id` (undefined when the config sets it to null) */
  bosTokenId?: number;
  /** `eos_token_id` (undefined when null) */
  eosTokenId?: number;
  /** `sep_token_id` (undefined when null) */
  sepTokenId?: number;
  /** `cls_token_id` (HAT configs; not an HF Longformer key) */
  clsTokenId?: number;
  /** `attention_window`: two-sided window per layer, each even and positive (an int in JSON means the same for all) */
  attentionWindow: number[];
  /** `max_sentence_length` (HAT: block size) */
  maxSentenceLength?: number;
  /** `max_sentences` (HAT) */
  maxSentences?: number;
  /** `model_max_length` (HAT) */
  modelMaxLength?: number;
  /** `architectures` (empty when absent) */
  architectures: string[];
  /** `id2label` with numeric keys */
  id2label: Record<number, string>;
  /** `label2id` */
  label2id: Record<string, number>;
  /** `len(id2label)`, as HF computes `num_labels` */
  numLabels: number;
  /** `problem_type` */
  problemType?: string;
  /** `classifier_dropout` (undefined when null or absent) */
  classifierDropout?: number;
  /** `onnx_export` */
  onnxExport: boolean;
  /** The JSON object as given, for keys this type does not model. */
  raw: Record<string, unknown>;
}
