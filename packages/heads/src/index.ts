export { requireBlockSize } from "./config/block-size.js";
export { type ProblemType, resolveProblemType } from "./config/problem-type.js";
export { type GlobalTokenIds, resolveGlobalTokenIds, type SpecialTokenFallback } from "./config/special-tokens.js";
export { ArchitectureError, HeadsError, type HeadsErrorCode, MissingHeadWeightsError } from "./errors.js";
export {
  type ChoiceTokenInput,
  flattenChoices,
  type MultipleChoiceInputs,
} from "./inputs/choice-inputs.js";
export { deriveGlobalAttentionMask, type GlobalAttentionPolicy } from "./inputs/global-attention.js";
export {
  classForTask,
  supportedArchitectures,
  taskOfArchitectures,
  UNSUPPORTED_ARCHITECTURES,
} from "./models/architectures.js";
export {
  disposeOutput,
  type ForwardOptions,
  type HeadFromPretrainedOptions,
  HeadModel,
  type HeadModelOptions,
  type HeadModelOutput,
} from "./models/head-model.js";
export {
  HfLongformerForMultipleChoice,
  type HfMultipleChoiceOutput,
  isHfMultipleChoiceLayout,
} from "./models/hf-multiple-choice.js";
export { LongformerForQuestionAnswering, type QuestionAnsweringOutput } from "./models/hf-question-answering.js";
export { LongformerForTokenClassification, type TokenClassificationOutput } from "./models/hf-token-classification.js";
export { type HeadModelInstance, type LoadModelOptions, loadModel, modelFromWeights } from "./models/load-model.js";
export {
  LongformerForMaskedLM,
  type MaskedLMForwardOptions,
  type MaskedLMOutput,
  type TokenPosition,
} from "./models/masked-lm.js";
export {
  LongformerForMultipleChoice,
  type MultipleChoiceOptions,
  type MultipleChoiceOutput,
  type MultipleChoicePooling,
} from "./models/multiple-choice.js";
export {
  LongformerForSentenceClassification,
  type SentenceClassificationOptions,
  type SentenceClassifierOutput,
} from "./models/sentence-classification.js";
export {
  type ClassificationHeadStyle,
  LongformerForSequenceClassification,
  type SequenceClassificationOptions,
  type SequenceClassifierOutput,
} from "./models/sequence-classification.js";
export { POOLINGS, type Pooling } from "./modules/hat-pooler.js";
export {
  type AnyPipeline,
  createPipeline,
  type PipelineOf,
  type PipelineOptionsOf,
  type PipelineTask,
} from "./pipelines/create-pipeline.js";
export {
  type ClassifyDocumentOptions,
  type DocumentClassification,
  DocumentClassificationPipeline,
} from "./pipelines/document-classification.js";
export {
  EmbeddingPipeline,
  type EmbeddingPooling,
  type Embeddings,
  type EmbedOptions,
} from "./pipelines/embeddings.js";
export {
  type FillMaskCandidate,
  type FillMaskOptions,
  FillMaskPipeline,
  type FillMaskResult,
  MASK_ALIASES,
  type MaskPrediction,
} from "./pipelines/fill-mask.js";
export {
  type AnswerMultipleChoiceOptions,
  type ChoiceScore,
  type MultipleChoiceAnswer,
  MultipleChoicePipeline,
} from "./pipelines/multiple-choice.js";
export { modelTokenLimit, Pipeline, type PipelineOptions } from "./pipelines/pipeline-base.js";
export {
  type AnswerQuestionOptions,
  type QuestionAnswer,
  type QuestionAnswering,
  QuestionAnsweringPipeline,
  type QuestionInput,
} from "./pipelines/question-answering.js";
export type { Classification, LabelScore } from "./pipelines/scores.js";
export {
  SentenceTaggingPipeline,
  type SentenceTaggingResult,
  type TaggedSegment,
  type TagSentencesOptions,
} from "./pipelines/sentence-tagging.js";
export {
  aggregateTokens,
  type ScoredToken,
  type TaggedEntity,
  type TokenAggregation,
} from "./pipelines/token-aggregation.js";
export {
  type TagTokensOptions,
  TokenClassificationPipeline,
  type TokenTagging,
} from "./pipelines/token-classification.js";
export type { PipelineWarning, PipelineWarningCode } from "./pipelines/warnings.js";
export {
  createPipelinePool,
  PipelinePool,
  type PipelinePoolOptions,
  type PoolTask,
} from "./pool/pipeline-pool.js";
export { PipelinePoolError } from "./pool/pool-errors.js";
export { type HeadTask, headTasks, type TaskRow, type TaskTable, taskTable } from "./tasks/task-table.js";
