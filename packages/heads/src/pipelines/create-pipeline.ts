import type { LoadedWeights } from "@longformer-ts/convert";
import { HeadsError } from "../errors.js";
import type { HeadTask } from "../models/architectures.js";
import type { MultipleChoiceOptions } from "../models/multiple-choice.js";
import type { SentenceClassificationOptions } from "../models/sentence-classification.js";
import type { SequenceClassificationOptions } from "../models/sequence-classification.js";
import { DocumentClassificationPipeline } from "./document-classification.js";
import { EmbeddingPipeline } from "./embeddings.js";
import { FillMaskPipeline } from "./fill-mask.js";
import { MultipleChoicePipeline } from "./multiple-choice.js";
import type { PipelineOptions } from "./pipeline-base.js";
import { QuestionAnsweringPipeline } from "./question-answering.js";
import { SentenceTaggingPipeline } from "./sentence-tagging.js";
import { TokenClassificationPipeline } from "./token-classification.js";

/** The pipeline tasks, one per head. */
export type PipelineTask = HeadTask | "embeddings";

export type AnyPipeline =
  | FillMaskPipeline
  | DocumentClassificationPipeline
  | SentenceTaggingPipeline
  | MultipleChoicePipeline
  | QuestionAnsweringPipeline
  | TokenClassificationPipeline
  | EmbeddingPipeline;

type Source = string | URL | LoadedWeights;

/**
 * Loads a model and its tokenizer from one checkpoint directory for a task (HF `pipeline(task, model)`).
 * Same as the per-task factories (`FillMaskPipeline.fromPretrained`, ...).
 */
export function createPipeline(task: "fill-mask", source: Source, options?: PipelineOptions): Promise<FillMaskPipeline>;
export function createPipeline(
  task: "document-classification",
  source: Source,
  options?: PipelineOptions & SequenceClassificationOptions,
): Promise<DocumentClassificationPipeline>;
export function createPipeline(
  task: "sentence-tagging",
  source: Source,
  options?: PipelineOptions & SentenceClassificationOptions,
): Promise<SentenceTaggingPipeline>;
export function createPipeline(
  task: "multiple-choice",
  source: Source,
  options?: PipelineOptions & MultipleChoiceOptions,
): Promise<MultipleChoicePipeline>;
export function createPipeline(
  task: "question-answering",
  source: Source,
  options?: PipelineOptions,
): Promise<QuestionAnsweringPipeline>;
export function createPipeline(
  task: "token-classification",
  source: Source,
  options?: PipelineOptions,
): Promise<TokenClassificationPipeline>;
export function createPipeline(
  task: "embeddings",
  source: Source,
  options?: PipelineOptions,
): Promise<EmbeddingPipeline>;
export function createPipeline(task: PipelineTask, source: Source, options?: PipelineOptions): Promise<AnyPipeline>;
export async function createPipeline(
  task: PipelineTask,
  source: Source,
  options: PipelineOptions = {},
): Promise<AnyPipeline> {
  switch (task) {
    case "fill-mask":
      return FillMaskPipeline.fromPretrained(source, options);
    case "document-classification":
      return DocumentClassificationPipeline.fromPretrained(source, options);
    case "sentence-tagging":
      return SentenceTaggingPipeline.fromPretrained(source, options);
    case "multiple-choice":
      return MultipleChoicePipeline.fromPretrained(source, options);
    case "question-answering":
      return QuestionAnsweringPipeline.fromPretrained(source, options);
    case "token-classification":
      return TokenClassificationPipeline.fromPretrained(source, options);
    case "embeddings":
      return EmbeddingPipeline.fromPretrained(source, options);
    default:
      throw new HeadsError(
        "UNKNOWN_TASK",
        `createPipeline: unknown task ${JSON.stringify(task)}; use "fill-mask", "document-classification", "sentence-tagging", "multiple-choice", "question-answering", "token-classification" or "embeddings"`,
      );
  }
}
