import { ArchitectureError, createPipeline, taskOfArchitectures } from "@longformer-ts/heads";
import { LongformerTokenizer as FetchingTokenizer } from "@longformer-ts/tokenizer/browser";
import * as tf from "@tensorflow/tfjs-core";
import { AppError } from "./errors.js";
import { type PipelineOfTask, type RunnableTask, TASKS } from "./tasks.js";

export type CliBackend = "wasm" | "cpu";

/** Registers the backend from this app's own dependencies (the encoder then uses it as is). */
async function registerBackend(backend: CliBackend): Promise<void> {
  if (backend === "wasm") await import("@tensorflow/tfjs-backend-wasm");
  else await import("@tensorflow/tfjs-backend-cpu");
  // No tfjs console banners on the worker's stderr.
  tf.enableProdMode();
}

/** The pipeline of a task; a checkpoint with another head is a `WRONG_HEAD` usage error. */
export async function loadPipeline<T extends RunnableTask>(
  task: T,
  source: string,
  backend: CliBackend,
): Promise<PipelineOfTask[T]> {
  await registerBackend(backend);
  const tokenizer = /^https?:\/\//i.test(source) ? await FetchingTokenizer.fromPretrained(source) : undefined;
  const pipelineTask = TASKS[task].pipelineTask;
  try {
    const pipeline = await createPipeline(pipelineTask, source, { backend, ...(tokenizer && { tokenizer }) });
    return pipeline as PipelineOfTask[T];
  } catch (e) {
    if (e instanceof ArchitectureError && e.code === "ARCHITECTURE_MISMATCH") {
      const actual = taskOfArchitectures(e.architectures);
      throw new AppError(
        "WRONG_HEAD",
        `${source} (${e.architectures.join(", ")}) has no ${pipelineTask} head${actual ? `; it is a ${actual} checkpoint` : ""}`,
        { cause: e },
      );
    }
    throw e;
  }
}
