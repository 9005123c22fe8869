import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { HeadsError } from "../errors.js";
import type { PipelineTask } from "../pipelines/create-pipeline.js";
import type { ClassifyDocumentOptions, DocumentClassification } from "../pipelines/document-classification.js";
import type { FillMaskOptions, FillMaskResult } from "../pipelines/fill-mask.js";
import { batchSizeOption } from "../pipelines/pipeline-base.js";
import type { SentenceTaggingResult, TagSentencesOptions } from "../pipelines/sentence-tagging.js";
import { PipelinePoolError } from "./pool-errors.js";
import type { PoolJob, PoolMethod, PoolModelOptions, PoolReply, PoolWorkerData } from "./pool-protocol.js";
import { resolveWorkerCount } from "./worker-count.js";

/** The tasks a pool serves (multiple choice is not pooled yet). */
export type PoolTask = Extract<PipelineTask, "document-classification" | "sentence-tagging" | "fill-mask">;

export interface PipelinePoolOptions extends PoolModelOptions {
  /** Worker threads, each with its own model replica (default `"auto"`: one per core `os.availableParallelism()`). */
  workers?: number | "auto";
}

/** The worker module beside this file; from source, a plain-JS entry that loads it through tsx (source-worker.mjs). */
function workerEntry(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith(".ts");
  const filename = fileURLToPath(new URL(fromSource ? "./source-worker.mjs" : "./pool-worker.js", import.meta.url));
  return { filename, execArgv: fromSource ? ["--conditions=source"] : [] };
}

/**
 * A pipeline replicated over worker threads: each worker loads the model once and takes whole inputs, so an array
 * of texts is spread over the cores. Results come back in input order; a failing input rejects the call with
 * `PipelinePoolError` carrying the worker's `code` and the input's index (the lowest failing index when several
 * fail). Create with {@link createPipelinePool}; `dispose()` ends every worker thread.
 */
export class PipelinePool {
  readonly task: PoolTask;
  /** Number of worker threads (model replicas). */
  readonly workers: number;
  private readonly piscina: Piscina<PoolJob, PoolReply>;
  private readonly tensorsByThread = new Map<number, number>();
  private disposed = false;

  /** Use {@link createPipelinePool}, which also waits until every worker has loaded its model. */
  constructor(task: PoolTask, source: string, options: PipelinePoolOptions = {}) {
    const { workers, ...modelOptions } = options;
    if ("tokenizer" in modelOptions) {
      throw new HeadsError(
        "INVALID_OPTION",
        "createPipelinePool: a tokenizer object cannot be sent to worker threads; each worker reads it from the source directory",
      );
    }
    this.task = task;
    this.workers = resolveWorkerCount(workers);
    const workerData: PoolWorkerData = { task, source, options: modelOptions };
    this.piscina = new Piscina<PoolJob, PoolReply>({
      ...workerEntry(),
      workerData,
      minThreads: this.workers,
      maxThreads: this.workers,
      // A worker that exited when idle would reload its model on the next call.
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }

  /** Waits until every worker has its model; a load failure rejects with the worker's error code. */
  async ready(): Promise<void> {
    const jobs = Array.from({ length: this.workers }, () =>
      this.run({ method: "ready", inputs: [], firstIndex: 0, options: {} }),
    );
    await settleInOrder(jobs);
  }

  async classifyDocument(texts: string[], options: ClassifyDocumentOptions = {}): Promise<DocumentClassification[]> {
    this.expectTask("document-classification", "classifyDocument");
    // Each job is one model batch: at most `batchSize` documents, and few enough that every worker gets work.
    const batchSize = batchSizeOption(options.batchSize, 8, "classifyDocument");
    const perJob = Math.min(batchSize, Math.ceil(checkInputs(texts, "classifyDocument").length / this.workers));
    return this.spread("classifyDocument", texts, perJob, options) as Promise<DocumentClassification[]>;
  }

  /** One document per input (a text, or a list of sentences), each tagged as `SentenceTaggingPipeline.tagSentences`. */
  async tagSentences(
    documents: Array<string | string[]>,
    options: TagSentencesOptions = {},
  ): Promise<SentenceTaggingResult[]> {
    this.expectTask("sentence-tagging", "tagSentences");
    return this.spread("tagSentences", checkInputs(documents, "tagSentences"), 1, options) as Promise<
      SentenceTaggingResult[]
    >;
  }

  async fillMask(texts: string[], options: FillMaskOptions = {}): Promise<FillMaskResult[]> {
    this.expectTask("fill-mask", "fillMask");
    return this.spread("fillMask", checkInputs(texts, "fillMask"), 1, options) as Promise<FillMaskResult[]>;
  }

  /**
   * Tensors alive in each worker's tfjs engine after its last job, by thread id: constant across calls when
   * nothing leaks (the model's weights only).
   */
  tensorCounts(): ReadonlyMap<number, number> {
    return new Map(this.tensorsByThread);
  }

  /** Ends every worker thread (and with it its model); later calls throw `HeadsError` `DISPOSED`. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.piscina.destroy();
  }

  private expectTask(task: PoolTask, method: PoolMethod): void {
    if (this.disposed) throw new HeadsError("DISPOSED", `PipelinePool.${method} used after dispose()`);
    if (this.task !== task) {
      throw new HeadsError(
        "INVALID_OPTION",
        `PipelinePool.${method} needs a "${task}" pool; this one is "${this.task}"`,
      );
    }
  }

  private async spread(method: PoolMethod, inputs: unknown[], perJob: number, options: object): Promise<unknown[]> {
    const jobs: Promise<unknown[]>[] = [];
    for (let first = 0; first < inputs.length; first += perJob) {
      jobs.push(
        this.run({ method, inputs: inputs.slice(first, first + perJob), firstIndex: first, options: { ...options } }),
      );
    }
    return (await settleInOrder(jobs)).flat();
  }

  private async run(job: PoolJob): Promise<unknown[]> {
    let reply: PoolReply;
    try {
      reply = await this.piscina.run(job);
    } catch (cause) {
      // The thread died (or the pool was destroyed mid-call): blame the job's first input.
      throw new PipelinePoolError({
        name: "Error",
        code: "WORKER_FAILED",
        message: String(cause),
        inputIndex: job.method === "ready" ? undefined : job.firstIndex,
      });
    }
    this.tensorsByThread.set(reply.threadId, reply.numTensors);
    if (!reply.ok) throw new PipelinePoolError(reply.error);
    return reply.results;
  }
}

/** Non-empty array, else `EMPTY_TEXT` as the single-thread pipelines say it. */
function checkInputs<T>(inputs: T[], method: string): T[] {
  if (!Array.isArray(inputs))
    throw new HeadsError("INVALID_INPUT", `PipelinePool.${method}: expected an array of inputs`);
  if (inputs.length === 0) throw new HeadsError("EMPTY_TEXT", `PipelinePool.${method}: the list of inputs is empty`);
  return inputs;
}

/** Waits for every job (none is left running unobserved) and throws the failure of the lowest input index. */
async function settleInOrder<T>(jobs: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(jobs);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/**
 * Starts `workers` threads (default `"auto"`: one per core), each loading the `task` pipeline from the local
 * checkpoint directory `source` (options as `createPipeline`'s, backend default `"wasm"`), and resolves once every
 * worker has its model.
 *
 * @example
 * const pool = await createPipelinePool("document-classification", "models/my-hat-classifier", { workers: "auto" });
 * const results = await pool.classifyDocument(texts); // one result per text, in order
 * await pool.dispose();
 */
export async function createPipelinePool(
  task: PoolTask,
  source: string,
  options: PipelinePoolOptions = {},
): Promise<PipelinePool> {
  if (task !== "document-classification" && task !== "sentence-tagging" && task !== "fill-mask") {
    throw new HeadsError(
      "UNKNOWN_TASK",
      `createPipelinePool: task ${JSON.stringify(task)} has no pool; use "document-classification", "sentence-tagging" or "fill-mask"`,
    );
  }
  if (typeof source !== "string") {
    throw new HeadsError(
      "INVALID_INPUT",
      "createPipelinePool: source must be a local checkpoint directory (each worker loads it)",
    );
  }
  const pool = new PipelinePool(task, source, options);
  try {
    await pool.ready();
  } catch (error) {
    await pool.dispose();
    throw error;
  }
  return pool;
}
