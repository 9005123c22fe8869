import type { Redis } from "ioredis";
import { AppError } from "./errors.js";
import type { RunnableTask } from "./tasks.js";

/** What every worker of a queue must agree on; written once by the first enqueue. */
export interface QueueMeta {
  task: RunnableTask;
  /** The model source as workers load it: a hub id, a URL, or an absolute directory. */
  model: string;
  /** sha256 over the checkpoint's files (or the URL itself): the identity workers compare. */
  modelFingerprint: string;
  /** `cut`: too-long documents are read up to the model's limit (a warning); `error`: they fail. */
  truncation: "cut" | "error";
  /** Tries per document before it is marked failed. */
  attempts: number;
  createdAt: string;
}

/** One line of the results: a document done, or failed with its reason. */
export type ResultLine =
  | {
      id: string;
      status: "done";
      result: unknown;
      warnings: Array<{ code: string; message: string }>;
      worker: string;
      /** Time in the pipeline (ms): with the time between results, what the queue costs per job. */
      ms: number;
    }
  | { id: string; status: "failed"; error: { code: string; message: string }; attempts: number; worker: string };

/**
 * The app's own keys beside BullMQ's (`bull:<queue>:*`): the metadata, the input order of document ids, one
 * result per document, and when results were stored (for docs/s). Results live in hashes keyed by document id,
 * so a job that runs twice (a retry after a crash) overwrites its line instead of adding one.
 */
export class QueueStore {
  readonly redis: Redis;
  readonly queue: string;
  constructor(redis: Redis, queue: string) {
    this.redis = redis;
    this.queue = queue;
  }

  key(name: "meta" | "order" | "seq" | "results" | "failures" | "clock"): string {
    return `lfb:${this.queue}:${name}`;
  }

  async readMeta(): Promise<QueueMeta | undefined> {
    const json = await this.redis.get(this.key("meta"));
    return json === null ? undefined : (JSON.parse(json) as QueueMeta);
  }

  async requireMeta(): Promise<QueueMeta> {
    const meta = await this.readMeta();
    if (!meta) throw new AppError("QUEUE_NOT_FOUND", `queue ${this.queue} has no documents yet: run enqueue first`);
    return meta;
  }

  /** Stores `meta` unless the queue has some already; returns the queue's metadata either way. */
  async initMeta(meta: QueueMeta): Promise<QueueMeta> {
    await this.redis.set(this.key("meta"), JSON.stringify(meta), "NX");
    return this.requireMeta();
  }

  /** Which of `ids` were never enqueued (the order set remembers every id, also after its job is removed). */
  async unseen(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const scores = await this.redis.zmscore(this.key("order"), ...ids);
    return ids.filter((_, i) => scores[i] === null);
  }

  /** Appends ids to the input order (ids already there keep their place). */
  async remember(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const last = await this.redis.incrby(this.key("seq"), ids.length);
    const args = ids.flatMap((id, i) => [last - ids.length + i + 1, id]);
    await this.redis.zadd(this.key("order"), "NX", ...args);
  }

  /** Stores a document's line (and the time, for docs/s) in one transaction. */
  async store(line: ResultLine): Promise<void> {
    const now = Date.now();
    const done = line.status === "done";
    await this.redis
      .multi()
      .hset(this.key(done ? "results" : "failures"), line.id, JSON.stringify(line))
      .hdel(this.key(done ? "failures" : "results"), line.id)
      .hsetnx(this.key("clock"), "first", now)
      .hset(this.key("clock"), "last", now)
      .exec();
  }

  async counts(): Promise<{ total: number; done: number; failed: number; first?: number; last?: number }> {
    const [total, done, failed, clock] = await Promise.all([
      this.redis.zcard(this.key("order")),
      this.redis.hlen(this.key("results")),
      this.redis.hlen(this.key("failures")),
      this.redis.hgetall(this.key("clock")),
    ]);
    return {
      total,
      done,
      failed,
      ...(clock.first && { first: Number(clock.first) }),
      ...(clock.last && { last: Number(clock.last) }),
    };
  }

  /** Every document's line in input order, `undefined` for those not finished; read in pages. */
  async *linesInOrder(
    pageSize = 1000,
  ): AsyncGenerator<{ id: string; line: string; status: ResultLine["status"] } | { id: string; line: undefined }> {
    for (let start = 0; ; start += pageSize) {
      const ids = await this.redis.zrange(this.key("order"), start, start + pageSize - 1);
      if (ids.length === 0) return;
      const [done, failed] = await Promise.all([
        this.redis.hmget(this.key("results"), ...ids),
        this.redis.hmget(this.key("failures"), ...ids),
      ]);
      for (const [i, id] of ids.entries()) {
        const ok = done[i];
        const failure = failed[i];
        if (ok) yield { id, line: ok, status: "done" };
        else if (failure) yield { id, line: failure, status: "failed" };
        else yield { id, line: undefined };
      }
    }
  }
}
