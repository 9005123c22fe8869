import { createWriteStream } from "node:fs";
import { resolve } from "node:path";
import { finished } from "node:stream/promises";
import { AppError } from "./errors.js";
import { checkQueueName } from "./queue-name.js";
import { QueueStore } from "./queue-store.js";
import { commandConnection } from "./redis-connection.js";
import type { RunContext } from "./run-context.js";

export interface CollectOptions {
  redis: string;
  queue: string;
  /** The JSONL file to write (`-`: stdout). */
  out: string;
}

export interface CollectReport {
  queue: string;
  done: number;
  failed: number;
  /** Documents without a result yet. */
  missing: number;
}

/**
 * Writes one line per finished document, in input order: `{id, status: "done", result, warnings, worker}` or
 * `{id, status: "failed", error, attempts, worker}`. Documents still in the queue are counted, and make the
 * command fail with `INCOMPLETE` once the finished lines are written.
 */
export async function collect(ctx: RunContext, opts: CollectOptions): Promise<CollectReport> {
  const name = checkQueueName(opts.queue);
  const redis = await commandConnection(opts.redis);
  const report: CollectReport = { queue: name, done: 0, failed: 0, missing: 0 };
  const file = opts.out === "-" ? undefined : createWriteStream(resolve(ctx.io.cwd, opts.out));
  const out: NodeJS.WritableStream = file ?? ctx.io.stdout;
  try {
    const store = new QueueStore(redis, name);
    await store.requireMeta();
    for await (const entry of store.linesInOrder()) {
      if (entry.line === undefined) {
        report.missing++;
        continue;
      }
      report[entry.status]++;
      if (!out.write(`${entry.line}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
  } finally {
    if (file) {
      file.end();
      await finished(file);
    }
    await redis.quit();
  }
  if (report.missing > 0) {
    throw new AppError(
      "INCOMPLETE",
      `${report.missing} of ${report.done + report.failed + report.missing} documents are not finished yet; the ${report.done + report.failed} finished lines were written`,
    );
  }
  return report;
}
