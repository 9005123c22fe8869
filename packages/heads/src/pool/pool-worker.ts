/**
 * The module every pool worker runs (piscina imports it once per thread): it loads one replica of the pipeline at
 * start, from the directory in `workerData`, and then answers jobs with it. Errors never escape as rejections:
 * structured cloning would drop their `code`, so they travel as data (see `PoolReply`).
 */
import { threadId } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import { workerData } from "piscina";
import { HeadsError } from "../errors.js";
import { type AnyPipeline, createPipeline } from "../pipelines/create-pipeline.js";
import { type DocumentClassification, DocumentClassificationPipeline } from "../pipelines/document-classification.js";
import { FillMaskPipeline } from "../pipelines/fill-mask.js";
import { SentenceTaggingPipeline } from "../pipelines/sentence-tagging.js";
import { errorData } from "./pool-errors.js";
import type { PoolErrorData, PoolJob, PoolReply, PoolWorkerData } from "./pool-protocol.js";

const data = workerData as PoolWorkerData;
const pipeline: Promise<AnyPipeline> = createPipeline(data.task, data.source, {
  ...data.options,
  backend: data.options.backend ?? "wasm",
});
// Awaited by every job; this keeps a load failure from being an unhandled rejection before the first job.
pipeline.catch(() => undefined);

function reply(body: { ok: true; results: unknown[] } | { ok: false; error: PoolErrorData }): PoolReply {
  return { ...body, threadId, numTensors: tf.memory().numTensors };
}

async function runOne(
  p: AnyPipeline,
  method: PoolJob["method"],
  input: unknown,
  options: Record<string, unknown>,
): Promise<unknown> {
  if (method === "classifyDocument" && p instanceof DocumentClassificationPipeline) {
    return p.classifyDocument(input as string, options);
  }
  if (method === "tagSentences" && p instanceof SentenceTaggingPipeline)
    return p.tagSentences(input as string, options);
  if (method === "fillMask" && p instanceof FillMaskPipeline) return p.fillMask(input as string, options);
  throw new HeadsError("INVALID_OPTION", `${method} is not a method of ${p.constructor.name}`);
}

/**
 * The pipeline numbers a document's warnings by its place in the batch it got ("classifyDocument: text 2"); a job
 * is a slice of the caller's array, so the number is moved to the caller's index, as the single-thread call says it.
 */
function renumberWarnings(result: DocumentClassification, inJob: number, inCall: number): DocumentClassification {
  const from = `classifyDocument: text ${inJob} `;
  const warnings = result.warnings.map((w) =>
    w.message.startsWith(from)
      ? { ...w, message: `classifyDocument: text ${inCall} ${w.message.slice(from.length)}` }
      : w,
  );
  return { ...result, warnings };
}

/** Runs inputs one by one; on the first failure reports that input's index in the caller's array. */
async function runEach(p: AnyPipeline, job: PoolJob): Promise<PoolReply> {
  const results: unknown[] = [];
  for (let i = 0; i < job.inputs.length; i++) {
    try {
      const result = await runOne(p, job.method, job.inputs[i], job.options);
      results.push(
        job.method === "classifyDocument"
          ? renumberWarnings(result as DocumentClassification, 0, job.firstIndex + i)
          : result,
      );
    } catch (error) {
      return reply({ ok: false, error: errorData(error, job.firstIndex + i) });
    }
  }
  return reply({ ok: true, results });
}

export default async function runJob(job: PoolJob): Promise<PoolReply> {
  let p: AnyPipeline;
  try {
    p = await pipeline;
  } catch (error) {
    return reply({ ok: false, error: errorData(error, undefined) });
  }
  if (job.method === "ready") return reply({ ok: true, results: [] });
  // Documents of one job go through the model as one batch (as the single-thread pipeline batches them); when the
  // batch fails, the inputs are rerun one by one so the error names the input at fault.
  if (job.method === "classifyDocument" && p instanceof DocumentClassificationPipeline && job.inputs.length > 1) {
    try {
      const results = await p.classifyDocument(job.inputs as string[], {
        ...job.options,
        batchSize: job.inputs.length,
      });
      return reply({ ok: true, results: results.map((r, i) => renumberWarnings(r, i, job.firstIndex + i)) });
    } catch {
      return runEach(p, job);
    }
  }
  return runEach(p, job);
}
