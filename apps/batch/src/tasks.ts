import type {
  DocumentClassificationPipeline,
  FillMaskPipeline,
  PipelineTask,
  PipelineWarning,
  SentenceTaggingPipeline,
} from "@longformer-ts/heads";
import { AppError } from "./errors.js";

/** The `--task` names; `embed` is accepted by the parser so that it can say it is not available yet. */
export const TASK_NAMES = ["classify", "tag", "fill-mask", "embed"] as const;
export type TaskName = (typeof TASK_NAMES)[number];
export type RunnableTask = Exclude<TaskName, "embed">;

export interface PipelineOfTask {
  classify: DocumentClassificationPipeline;
  tag: SentenceTaggingPipeline;
  "fill-mask": FillMaskPipeline;
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
};

/** Runs `task` on one text; the pipeline is the one `loadPipeline(task, ...)` returned. */
export function runTask(task: RunnableTask, pipeline: PipelineOfTask[RunnableTask], text: string): Promise<TaskOutput> {
  // TypeScript cannot pair the task with its pipeline type through the table; loadPipeline made the pair.
  return (TASKS[task] as TaskSpec<RunnableTask>).run(pipeline as never, text);
}

/**
 * `embed` would need document embeddings from the heads package, which has no such pipeline yet; mean-pooling
 * hidden states here would be an app-made embedding no other package reproduces, so it is refused instead.
 */
export function runnableTask(name: TaskName): RunnableTask {
  if (name === "embed") {
    throw new AppError(
      "TASK_NOT_AVAILABLE",
      "--task embed is not available yet: @longformer-ts/heads has no document-embedding pipeline",
    );
  }
  return name;
}
