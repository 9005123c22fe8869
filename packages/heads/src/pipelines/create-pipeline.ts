import type { LoadedWeights } from "@longformer-ts/convert";
import { type HeadTask, type TaskTable, taskRow } from "../tasks/task-table.js";
import type { PipelineOptions } from "./pipeline-base.js";

/** The pipeline tasks, one per row of the task table. */
export type PipelineTask = HeadTask;

/** The pipeline class instance of a task. */
export type PipelineOf<T extends PipelineTask> = InstanceType<TaskTable[T]["pipeline"]>;

/** `createPipeline`'s options for a task: the pipeline's (`backend`, `tokenizer`) plus its model's. */
export type PipelineOptionsOf<T extends PipelineTask> = PipelineOptions &
  NonNullable<Parameters<TaskTable[T]["model"]["fromWeights"]>[2]>;

export type AnyPipeline = PipelineOf<PipelineTask>;

type Source = string | URL | LoadedWeights;

/** `fromPretrained` as every pipeline class inherits it from `Pipeline`. */
interface LoadsPretrained {
  fromPretrained(source: Source, options: PipelineOptions): Promise<AnyPipeline>;
}

/**
 * Loads a model and its tokenizer from one checkpoint directory (or the URL of a converted one) for a task
 * (HF `pipeline(task, model)`): the task table's pipeline class's `fromPretrained`, e.g.
 * `FillMaskPipeline.fromPretrained`.
 */
export async function createPipeline<T extends PipelineTask>(
  task: T,
  source: Source,
  options: PipelineOptionsOf<T> = {} as PipelineOptionsOf<T>,
): Promise<PipelineOf<T>> {
  const pipeline = taskRow(task, "createPipeline").pipeline as unknown as LoadsPretrained;
  return (await pipeline.fromPretrained(source, options)) as PipelineOf<T>;
}
