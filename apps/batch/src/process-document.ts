import { hostname } from "node:os";
import { type DocumentData, documentText } from "./corpus.js";
import { AppError, describeError } from "./errors.js";
import type { QueueMeta, ResultLine } from "./queue-store.js";
import { type PipelineOfTask, type RunnableTask, runTask } from "./tasks.js";

/** Names the worker in result lines (which machine and process did a document). */
export const WORKER_NAME = `${hostname()}:${process.pid}`;

/** Runs the queue's task on one document; a cut text is an error when the queue says `truncation: error`. */
export async function processDocument(
  meta: QueueMeta,
  pipeline: PipelineOfTask[RunnableTask],
  data: DocumentData,
): Promise<ResultLine> {
  const text = documentText(data);
  const started = performance.now();
  const { result, warnings } = await runTask(meta.task, pipeline, text);
  const ms = Math.round((performance.now() - started) * 10) / 10;
  const cut = warnings.find((w) => w.code === "TRUNCATED");
  if (cut && meta.truncation === "error") {
    throw new AppError("DOCUMENT_TOO_LONG", `document ${data.id} is longer than the model reads: ${cut.message}`);
  }
  return { id: data.id, status: "done", result, warnings, worker: WORKER_NAME, ms };
}

export function failedLine(id: string, error: unknown, attempts: number): Extract<ResultLine, { status: "failed" }> {
  return { id, status: "failed", error: describeError(error), attempts, worker: WORKER_NAME };
}
