import { appendFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type Job, Queue, Worker } from "bullmq";
import type { DocumentData } from "./corpus.js";
import { AppError } from "./errors.js";
import { type CliBackend, loadPipeline } from "./load-pipeline.js";
import { type HubOptions, modelFingerprint, resolveModelSource } from "./model-source.js";
import { failedLine, processDocument, WORKER_NAME } from "./process-document.js";
import { checkQueueName } from "./queue-name.js";
import { type QueueMeta, QueueStore } from "./queue-store.js";
import { workerConnection } from "./redis-connection.js";
import type { RunContext } from "./run-context.js";
import { unfinished } from "./status.js";

export interface WorkOptions extends HubOptions {
  redis: string;
  queue: string;
  concurrency: number;
  backend: CliBackend;
  /** Load the queue's model from here instead (same files, another path on this machine). */
  model?: string;
  /** Also append each result line to this JSONL file. */
  out?: string;
  /** Exit once no document is waiting, delayed or active (instead of waiting for more). */
  untilDone?: boolean;
  /** A job whose worker stopped renewing its lock for this long (ms) is taken as stalled and run again. */
  lockDuration: number;
  /** How often (ms) workers look for stalled jobs. */
  stallInterval: number;
}

export interface WorkReport {
  worker: string;
  done: number;
  failed: number;
  seconds: number;
}

async function loadQueueModel(ctx: RunContext, opts: WorkOptions, meta: QueueMeta) {
  const model = await resolveModelSource(opts.model ?? meta.model, ctx.io.cwd, opts);
  const fingerprint = await modelFingerprint(model.source);
  if (fingerprint !== meta.modelFingerprint) {
    throw new AppError(
      "MODEL_MISMATCH",
      `${model.source} is not the model of queue ${opts.queue} (${meta.model}): its files differ (${fingerprint} vs ${meta.modelFingerprint})`,
    );
  }
  const started = performance.now();
  const pipeline = await loadPipeline(meta.task, model.source, opts.backend);
  ctx.log(`loaded ${meta.model} (${meta.task}) in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return pipeline;
}

/** Logs the same connection error once per outage instead of once per retry. */
function errorLogger(ctx: RunContext): (e: Error) => void {
  let last = "";
  return (e) => {
    if (e.message === last) return;
    last = e.message;
    ctx.log(`worker ${WORKER_NAME}: ${e.message}`);
  };
}

/**
 * Loads the queue's model once, then runs jobs until stopped (the signal: SIGTERM drains, finishing the jobs in
 * hand) or, with `untilDone`, until nothing is left. A result is stored before its job is acknowledged: the
 * processor returns only after the write, and BullMQ acknowledges on return.
 */
export async function work(ctx: RunContext, opts: WorkOptions): Promise<WorkReport> {
  const queueName = checkQueueName(opts.queue);
  const redis = workerConnection(opts.redis);
  const onError = errorLogger(ctx);
  redis.on("error", onError);
  const store = new QueueStore(redis, queueName);
  const report: WorkReport = { worker: WORKER_NAME, done: 0, failed: 0, seconds: 0 };
  try {
    const meta = await store.requireMeta();
    const pipeline = await loadQueueModel(ctx, opts, meta);
    const out = opts.out === undefined ? undefined : resolve(ctx.io.cwd, opts.out);
    // Created (never truncated) before the first job: an unwritable path fails now, not after a job was done,
    // and a worker that gets no job still leaves its (empty) file.
    if (out) await appendFile(out, "");
    const started = performance.now();
    try {
      const processor = async (job: Job<DocumentData>): Promise<void> => {
        let line: Awaited<ReturnType<typeof processDocument>>;
        try {
          line = await processDocument(meta, pipeline, job.data);
        } catch (e) {
          const attempts = job.attemptsMade + 1;
          if (attempts < (job.opts.attempts ?? 1)) throw e;
          // The last try: the reason is stored as the document's line, then BullMQ marks the job failed.
          const failed = failedLine(job.data.id, e, attempts);
          await store.store(failed);
          if (out) await appendFile(out, `${JSON.stringify(failed)}\n`);
          report.failed++;
          ctx.log(`failed ${job.data.id} after ${attempts} attempts: [${failed.error.code}] ${failed.error.message}`);
          throw e;
        }
        await store.store(line);
        if (out) await appendFile(out, `${JSON.stringify(line)}\n`);
        report.done++;
      };
      const worker = new Worker<DocumentData>(queueName, processor, {
        connection: redis,
        concurrency: opts.concurrency,
        autorun: false,
        lockDuration: opts.lockDuration,
        stalledInterval: opts.stallInterval,
        // A stalled job is a crashed worker, not a bad document: it is run again rather than failed.
        maxStalledCount: 1000,
      });
      worker.on("error", onError);
      const stop = () => void worker.close();
      ctx.io.signal?.addEventListener("abort", stop, { once: true });
      if (ctx.io.signal?.aborted) stop();
      const queue = new Queue(queueName, { connection: redis, skipMetasUpdate: true });
      let poll: NodeJS.Timeout | undefined;
      if (opts.untilDone) {
        poll = setInterval(
          () => {
            unfinished(queue)
              .then((left) => left === 0 && stop())
              .catch(onError);
          },
          Math.min(500, opts.stallInterval),
        );
      }
      try {
        await worker.run();
      } finally {
        clearInterval(poll);
        ctx.io.signal?.removeEventListener("abort", stop);
        await worker.close();
        await queue.close();
      }
    } finally {
      pipeline.dispose();
      report.seconds = (performance.now() - started) / 1000;
    }
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
  ctx.log(
    `worker ${WORKER_NAME}: ${report.done} done, ${report.failed} failed in ${report.seconds.toFixed(1)} s, stopped`,
  );
  return report;
}
