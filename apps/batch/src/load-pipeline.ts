import { type CliBackend, registerBackend } from "@longformer-ts/cli-kit";
import { ArchitectureError, createPipeline, taskOfArchitectures } from "@longformer-ts/heads";
import { AppError } from "./errors.js";
import { type PipelineOfTask, type RunnableTask, TASKS } from "./tasks.js";

export type { CliBackend } from "@longformer-ts/cli-kit";

/** The pipeline of a task; a checkpoint with another head is a `WRONG_HEAD` usage error. */
export async function loadPipeline<T extends RunnableTask>(
  task: T,
  source: string,
  backend: CliBackend,
): Promise<PipelineOfTask[T]> {
  await registerBackend(backend);
  const pipelineTask = TASKS[task].pipelineTask;
  try {
    const pipeline = await createPipeline(pipelineTask, source, { backend });
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
