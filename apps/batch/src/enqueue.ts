import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { taskOfArchitectures } from "@longformer-ts/heads";
import { Queue } from "bullmq";
import { type CorpusEntry, type DocumentData, readCorpus } from "./corpus.js";
import { AppError } from "./errors.js";
import { type HubOptions, modelFingerprint, resolveModelSource } from "./model-source.js";
import { checkQueueName, jobIdOf } from "./queue-name.js";
import { type QueueMeta, QueueStore } from "./queue-store.js";
import { commandConnection } from "./redis-connection.js";
import type { RunContext } from "./run-context.js";
import { type RunnableTask, TASKS, type TaskName } from "./tasks.js";

export interface EnqueueOptions extends HubOptions {
  redis: string;
  queue: string;
  task: TaskName;
  model: string;
  truncation: "cut" | "error";
  attempts: number;
  /** Pause between two tries of a document (ms). */
  retryDelay: number;
  chunkSize: number;
  json?: boolean;
}

export interface EnqueueReport {
  queue: string;
  task: RunnableTask;
  model: string;
  /** Documents read from the inputs. */
  read: number;
  /** New jobs. */
  added: number;
  /** Documents whose id the queue already had (enqueued before, or twice in the inputs). */
  skipped: number;
  /** Input lines that are not documents. */
  rejected: number;
}

/** A local checkpoint whose `architectures` name another head is refused before anything is enqueued. */
async function checkHead(task: RunnableTask, source: string): Promise<void> {
  if (/^https?:\/\//i.test(source)) return;
  const config = JSON.parse(await readFile(join(source, "config.json"), "utf8")) as { architectures?: string[] };
  const architectures = config.architectures ?? [];
  const actual = taskOfArchitectures(architectures);
  // Embeddings read the encoder of any checkpoint, whatever head it carries.
  if (actual && TASKS[task].pipelineTask !== "embeddings" && actual !== TASKS[task].pipelineTask) {
    throw new AppError(
      "WRONG_HEAD",
      `--model ${source} (${architectures.join(", ")}) is a ${actual} checkpoint; --task ${task} needs ${TASKS[task].pipelineTask}`,
    );
  }
}

function checkSameQueue(wanted: QueueMeta, found: QueueMeta, queue: string): void {
  const differences = (["task", "modelFingerprint", "truncation"] as const).filter((k) => wanted[k] !== found[k]);
  if (differences.length === 0) return;
  throw new AppError(
    "QUEUE_MISMATCH",
    `queue ${queue} already runs --task ${found.task} with ${found.model} (truncation ${found.truncation}); ` +
      `this enqueue differs in ${differences.join(", ")}: use another --queue`,
  );
}

async function* chunks(entries: AsyncIterable<CorpusEntry>, size: number, ctx: RunContext, report: EnqueueReport) {
  let chunk: DocumentData[] = [];
  for await (const entry of entries) {
    if ("rejection" in entry) {
      report.rejected++;
      ctx.log(`error [INVALID_INPUT_LINE] ${entry.rejection.where}: ${entry.rejection.message}`);
      continue;
    }
    report.read++;
    chunk.push(entry.document);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Adds the documents of `inputs` to the queue in chunks, each with its document id as job id. Ids the queue has
 * seen before are skipped (also those whose jobs are done and removed), so enqueueing a corpus twice adds nothing.
 */
export async function enqueue(ctx: RunContext, opts: EnqueueOptions, inputs: string[]): Promise<EnqueueReport> {
  const task = opts.task;
  const queueName = checkQueueName(opts.queue);
  const model = await resolveModelSource(opts.model, ctx.io.cwd, opts);
  await checkHead(task, model.source);
  const wanted: QueueMeta = {
    task,
    model: model.name,
    modelFingerprint: await modelFingerprint(model.source),
    truncation: opts.truncation,
    attempts: opts.attempts,
    createdAt: new Date().toISOString(),
  };
  const redis = await commandConnection(opts.redis);
  const queue = new Queue(queueName, { connection: redis });
  const report: EnqueueReport = {
    queue: queueName,
    task,
    model: model.name,
    read: 0,
    added: 0,
    skipped: 0,
    rejected: 0,
  };
  try {
    const store = new QueueStore(redis, queueName);
    const meta = await store.initMeta(wanted);
    checkSameQueue(wanted, meta, queueName);
    for await (const chunk of chunks(readCorpus(inputs, ctx.io.cwd, ctx.io.stdin), opts.chunkSize, ctx, report)) {
      const byId = new Map(chunk.map((d) => [d.id, d]));
      const fresh = (await store.unseen([...byId.keys()])).map((id) => byId.get(id) as DocumentData);
      // Jobs first, then the order set: a crash in between leaves ids that a second enqueue adds again, and
      // BullMQ ignores a job id it still holds, so nothing runs twice while it is queued.
      await queue.addBulk(
        fresh.map((data) => ({
          name: task,
          data,
          opts: {
            jobId: jobIdOf(data.id),
            attempts: meta.attempts,
            backoff: { type: "fixed", delay: opts.retryDelay },
            // The result is in the app's results hash; the job's text need not stay in Redis.
            removeOnComplete: true,
            removeOnFail: false,
          },
        })),
      );
      await store.remember(fresh.map((d) => d.id));
      report.added += fresh.length;
      report.skipped += chunk.length - fresh.length;
    }
  } finally {
    await queue.close();
    await redis.quit();
  }
  return report;
}

export function formatEnqueueReport(r: EnqueueReport): string {
  return (
    `queue ${r.queue}: added ${r.added} of ${r.read} documents (${r.skipped} already queued` +
    `${r.rejected > 0 ? `, ${r.rejected} rejected lines` : ""}), task ${r.task}, model ${r.model}\n`
  );
}
