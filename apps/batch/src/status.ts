import { Queue } from "bullmq";
import cliProgress from "cli-progress";
import { checkQueueName } from "./queue-name.js";
import { QueueStore } from "./queue-store.js";
import { commandConnection } from "./redis-connection.js";
import type { RunContext } from "./run-context.js";

export interface StatusOptions {
  redis: string;
  queue: string;
  json?: boolean;
  /** Redraw a progress bar on stderr every this many ms until every document is finished. */
  watch?: number;
}

export interface QueueStatus {
  queue: string;
  task: string;
  model: string;
  /** Documents enqueued (distinct ids). */
  total: number;
  waiting: number;
  active: number;
  /** Waiting for their next try after a failure. */
  delayed: number;
  done: number;
  failed: number;
  /** Finished documents per second between the first and the last stored result. */
  docsPerSecond: number | null;
  /** Seconds left at that rate. */
  etaSeconds: number | null;
}

/** Jobs not yet finished: waiting (also prioritized), delayed for a retry, or held by a worker. */
async function jobCounts(queue: Queue) {
  const c = await queue.getJobCounts("waiting", "prioritized", "active", "delayed");
  return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0 };
}

/** How many jobs are waiting, delayed or active (a worker with `--until-done` stops at 0). */
export async function unfinished(queue: Queue): Promise<number> {
  const c = await jobCounts(queue);
  return c.waiting + c.active + c.delayed;
}

export async function queueStatus(queue: Queue, store: QueueStore): Promise<QueueStatus> {
  const meta = await store.requireMeta();
  const [jobs, counts] = await Promise.all([jobCounts(queue), store.counts()]);
  const finished = counts.done + counts.failed;
  const span = counts.first !== undefined && counts.last !== undefined ? (counts.last - counts.first) / 1000 : 0;
  // The first result's own time is not in the span: count the results after it.
  const docsPerSecond = span > 0 ? (finished - 1) / span : null;
  return {
    queue: store.queue,
    task: meta.task,
    model: meta.model,
    total: counts.total,
    ...jobs,
    done: counts.done,
    failed: counts.failed,
    docsPerSecond,
    etaSeconds: docsPerSecond ? Math.max(0, counts.total - finished) / docsPerSecond : null,
  };
}

export function formatStatus(s: QueueStatus): string {
  const rate = s.docsPerSecond === null ? "-" : s.docsPerSecond.toFixed(2);
  const eta = s.etaSeconds === null ? "-" : `${Math.ceil(s.etaSeconds)} s`;
  return (
    `queue ${s.queue}: ${s.total} documents, task ${s.task}, model ${s.model}\n` +
    `waiting ${s.waiting}  active ${s.active}  delayed ${s.delayed}  done ${s.done}  failed ${s.failed}\n` +
    `${rate} docs/s  ETA ${eta}\n`
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Prints the queue's progress; with `watch`, a bar on stderr until every document is done or failed. */
export async function status(ctx: RunContext, opts: StatusOptions): Promise<QueueStatus> {
  const name = checkQueueName(opts.queue);
  const redis = await commandConnection(opts.redis);
  const queue = new Queue(name, { connection: redis, skipMetasUpdate: true });
  try {
    const store = new QueueStore(redis, name);
    let s = await queueStatus(queue, store);
    if (opts.watch !== undefined) {
      const bar = ctx.io.stderr.isTTY
        ? new cliProgress.SingleBar(
            { stream: ctx.io.stderr, format: "{bar} {value}/{total} docs  failed {failed}  {rate} docs/s  ETA {eta}" },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      bar?.start(s.total, 0, { failed: 0, rate: "-", eta: "-" });
      while (true) {
        const rate = s.docsPerSecond === null ? "-" : s.docsPerSecond.toFixed(2);
        const eta = s.etaSeconds === null ? "-" : `${Math.ceil(s.etaSeconds)}s`;
        if (bar) bar.update(s.done + s.failed, { failed: s.failed, rate, eta });
        else ctx.log(`${s.done + s.failed}/${s.total} docs, failed ${s.failed}, ${rate} docs/s, ETA ${eta}`);
        if (s.done + s.failed >= s.total) break;
        await sleep(opts.watch);
        s = await queueStatus(queue, store);
      }
      bar?.stop();
    }
    return s;
  } finally {
    await queue.close();
    await redis.quit();
  }
}
