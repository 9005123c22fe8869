import type { WeightMap } from "@longformer-ts/convert";
import type { LongformerConfig } from "@longformer-ts/encoder";
import type { LongformerTokenizerCore } from "@longformer-ts/tokenizer";
import { HeadsError } from "../errors.js";
import { LongformerForQuestionAnswering } from "../models/hf-question-answering.js";
import { LongformerForTokenClassification } from "../models/hf-token-classification.js";
import type { LoadModelOptions } from "../models/load-model.js";
import { LongformerForMaskedLM } from "../models/masked-lm.js";
import { LongformerForSentenceClassification } from "../models/sentence-classification.js";
import { LongformerForSequenceClassification } from "../models/sequence-classification.js";
import { DocumentClassificationPipeline } from "../pipelines/document-classification.js";
import { EmbeddingPipeline, encoderOnly } from "../pipelines/embeddings.js";
import { FillMaskPipeline } from "../pipelines/fill-mask.js";
import { MultipleChoicePipeline, multipleChoiceModel } from "../pipelines/multiple-choice.js";
import type { Pipeline } from "../pipelines/pipeline-base.js";
import { QuestionAnsweringPipeline } from "../pipelines/question-answering.js";
import { SentenceTaggingPipeline } from "../pipelines/sentence-tagging.js";
import { TokenClassificationPipeline } from "../pipelines/token-classification.js";

/** A model class as the table uses it: its name (for messages) and `fromWeights`. */
export interface TaskModelClass<M, O> {
  readonly name: string;
  fromWeights(config: LongformerConfig, weights: WeightMap, options?: O): M;
}

/** A pipeline class as the table uses it: built from its model and a tokenizer, loaded by `fromPretrained`. */
export type TaskPipelineClass<M> = new (
  model: M,
  tokenizer: LongformerTokenizerCore,
) => Pipeline<M & { dispose(): void }>;

/** One task: everything `createPipeline`, `loadModel` and the architecture checks need to know about it. */
export interface TaskRow<M, O, P extends TaskPipelineClass<M>> {
  /** The pipeline class; `createPipeline(task, ...)` is its `fromPretrained`. */
  pipeline: P;
  /** The model class; `loadModel` builds it with `fromWeights`. */
  model: TaskModelClass<M, O>;
  /** The `config.architectures` names this task loads (HAT's and HF's class names). */
  architectures: readonly string[];
  /** This model's options out of `loadModel`'s (defaults not given here are the model's own). */
  modelOptions(options: LoadModelOptions): O;
}

/** A row, with its classes' types kept (the pipeline and option types of `createPipeline` come from them). */
function row<M, O, P extends TaskPipelineClass<M>>(r: TaskRow<M, O, P>): TaskRow<M, O, P> {
  return r;
}

/** `loadModel`'s options every head takes (the backend is activated by the loader, not the model). */
function common({
  pooling: _p,
  multipleChoicePooling: _m,
  headStyle: _h,
  problemType: _t,
  maxSentenceLength: _s,
  backend: _b,
  ...rest
}: LoadModelOptions) {
  return rest;
}

/**
 * THE list of tasks. To add a head: write its model class (with `fromWeights`) and pipeline class (with
 * `modelClass`), then add one row here; `createPipeline`, `loadModel`, `PipelineTask`/`HeadTask` and the
 * architecture checks follow from it. Built on first use, so the model modules it names (which read the
 * table back for their messages) are fully loaded by then whatever the import order.
 */
function buildTaskTable() {
  return {
    "fill-mask": row({
      pipeline: FillMaskPipeline,
      model: LongformerForMaskedLM,
      architectures: ["LongformerForMaskedLM"],
      modelOptions: common,
    }),
    "document-classification": row({
      pipeline: DocumentClassificationPipeline,
      model: LongformerForSequenceClassification,
      architectures: ["LongformerModelForSequenceClassification", "LongformerForSequenceClassification"],
      modelOptions: (o: LoadModelOptions) => ({
        ...common(o),
        ...(o.pooling && { pooling: o.pooling }),
        ...(o.headStyle && { headStyle: o.headStyle }),
        ...(o.problemType && { problemType: o.problemType }),
        ...(o.maxSentenceLength && { maxSentenceLength: o.maxSentenceLength }),
      }),
    }),
    "sentence-tagging": row({
      pipeline: SentenceTaggingPipeline,
      model: LongformerForSentenceClassification,
      architectures: ["LongformerModelForSentenceClassification"],
      modelOptions: (o: LoadModelOptions) => ({
        ...common(o),
        ...(o.problemType && { problemType: o.problemType }),
        ...(o.maxSentenceLength && { maxSentenceLength: o.maxSentenceLength }),
      }),
    }),
    "multiple-choice": row({
      pipeline: MultipleChoicePipeline,
      // HAT's head, or HF's own when the weights are HF's (both are saved as LongformerForMultipleChoice).
      model: multipleChoiceModel,
      architectures: ["LongformerForMultipleChoice"],
      modelOptions: (o: LoadModelOptions) => ({
        ...common(o),
        ...(o.multipleChoicePooling && { pooling: o.multipleChoicePooling }),
        ...(o.maxSentenceLength && { maxSentenceLength: o.maxSentenceLength }),
      }),
    }),
    // HuggingFace's own heads.
    "question-answering": row({
      pipeline: QuestionAnsweringPipeline,
      model: LongformerForQuestionAnswering,
      architectures: ["LongformerForQuestionAnswering"],
      modelOptions: common,
    }),
    "token-classification": row({
      pipeline: TokenClassificationPipeline,
      model: LongformerForTokenClassification,
      architectures: ["LongformerForTokenClassification"],
      modelOptions: common,
    }),
    // Any checkpoint's encoder (no head, so no architecture selects it in loadModel).
    embeddings: row({
      pipeline: EmbeddingPipeline,
      model: encoderOnly,
      architectures: [],
      modelOptions: common,
    }),
  };
}

export type TaskTable = ReturnType<typeof buildTaskTable>;
/** What a head model is for; also the pipeline task names. */
export type HeadTask = keyof TaskTable;

let table: TaskTable | undefined;

/** The task table (built on first use). */
export function taskTable(): TaskTable {
  table ??= buildTaskTable();
  return table;
}

/** Every task, in table order. */
export function headTasks(): HeadTask[] {
  return Object.keys(taskTable()) as HeadTask[];
}

/** The row of `task`, or `UNKNOWN_TASK` naming the known ones (`caller` starts the message). */
export function taskRow<T extends HeadTask>(task: T, caller: string): TaskTable[T] {
  const rows = taskTable();
  if (typeof task !== "string" || !Object.hasOwn(rows, task)) {
    throw new HeadsError(
      "UNKNOWN_TASK",
      `${caller}: unknown task ${JSON.stringify(task)}; use ${headTasks()
        .map((t) => `"${t}"`)
        .join(", ")}`,
    );
  }
  return rows[task];
}
