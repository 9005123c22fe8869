import type {
  DocumentClassificationPipeline,
  EmbeddingPipeline,
  FillMaskPipeline,
  PipelineTask,
  PipelineWarning,
  SentenceTaggingPipeline,
} from "@longformer-ts/heads";

/** The `--task` names. */
export const TASK_NAMES = ["classify", "tag", "fill-mask", "embed"] as const;
export type TaskName = (typeof TASK_NAMES)[number];
export type RunnableTask = TaskName;

export interface PipelineOfTask {
  classify: DocumentClassificationPipeline;
  tag: SentenceTaggingPipeline;
  "fill-mask": FillMaskPipeline;
  embed: EmbeddingPipeline;
}

/** What one document gives: the pipeline's result without its warnings, and the warnings. */
export interface TaskOutput {
  result: unknown;
  warnings: PipelineWarning[];
}

interface TaskSpec<T extends RunnableTask> {
  pipelineTask: PipelineTask;
  run(pipeline: PipelineOfTask[T], text: string): Promise<TaskOutput>;
}

/** Every task in one table: the heads pipeline it loads and the call it makes per document. */
export const TASKS: { [T in RunnableTask]: TaskSpec<T> } = {
  classify: {
    pipelineTask: "document-classification",
    run: async (pipeline, text) => {
      const { warnings, ...result } = await pipeline.classifyDocument(text);
      return { result, warnings };
    },
  },
  tag: {
    pipelineTask: "sentence-tagging",
    run: async (pipeline, text) => {
      const { warnings, ...result } = await pipeline.tagSentences(text);
      return { result, warnings };
    },
  },
  "fill-mask": {
    pipelineTask: "fill-mask",
    run: async (pipeline, text) => {
      const { warnings, ...result } = await pipeline.fillMask(text);
      return { result, warnings };
    },
  },
  // Unit-length mean-pooled document vectors (cosine similarity = dot product), for retrieval indexes.
  embed: {
    pipelineTask: "embeddings",
    run: async (pipeline, text) => {
      const { embeddings, dimension, warnings } = await pipeline.embed(text, { pooling: "mean", normalize: true });
      return { result: { embedding: embeddings[0], dimension, pooling: "mean", normalized: true }, warnings };
    },
  },
};

/** Runs `task` on one text; the pipeline is the one `loadPipeline(task, ...)` returned. */
export function runTask(task: RunnableTask, pipeline: PipelineOfTask[RunnableTask], text: string): Promise<TaskOutput> {
  // TypeScript cannot pair the task with its pipeline type through the table; loadPipeline made the pair.
  return (TASKS[task] as TaskSpec<RunnableTask>).run(pipeline as never, text);
}
