import { LongformerError } from "@longformer-ts/encoder";
import type { PoolErrorData } from "./pool-protocol.js";

/**
 * An input of a pooled call (or the model load in a worker) failed. `code` is the code of the error the worker's
 * pipeline threw (`EMPTY_TEXT`, `NO_MASK_TOKEN`, `NON_FINITE_OUTPUT`, ...), or `WORKER_FAILED` when the worker
 * thread itself died; `inputIndex` is the index of the failing input in the array passed to the pool (undefined
 * for a load failure); `originalName` is the worker-side error class (`HeadsError`, `WeightsError`, ...). The code
 * is a plain string: it is any package's code, as it crossed the thread boundary.
 */
export class PipelinePoolError extends LongformerError<string> {
  readonly inputIndex: number | undefined;
  readonly originalName: string;
  constructor(data: PoolErrorData) {
    const where = data.inputIndex === undefined ? "loading the model in a worker" : `input ${data.inputIndex}`;
    super(data.code, `${where}: ${data.message}`);
    this.name = "PipelinePoolError";
    this.inputIndex = data.inputIndex;
    this.originalName = data.name;
  }
}

/** Flattens any thrown value into what crosses the thread boundary. */
export function errorData(error: unknown, inputIndex: number | undefined): PoolErrorData {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      code: typeof code === "string" ? code : "WORKER_FAILED",
      message: error.message,
      inputIndex,
    };
  }
  return { name: "Error", code: "WORKER_FAILED", message: String(error), inputIndex };
}
