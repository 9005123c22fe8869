import { availableParallelism } from "node:os";
import { HeadsError } from "../errors.js";

/** `"auto"`: one worker per core Node may use (`os.availableParallelism()`); else a positive integer. */
export function resolveWorkerCount(workers: number | "auto" | undefined): number {
  if (workers === undefined || workers === "auto") return Math.max(1, availableParallelism());
  if (!Number.isInteger(workers) || workers < 1) {
    throw new HeadsError(
      "INVALID_OPTION",
      `createPipelinePool: workers must be a positive integer or "auto", got ${String(workers)}`,
    );
  }
  return workers;
}
