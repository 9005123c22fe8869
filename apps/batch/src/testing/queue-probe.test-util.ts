import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QueueStore } from "../queue-store.js";

/** Reads a queue's state from the test (BullMQ's job lists and the app's result hashes). */
export interface QueueProbe {
  queue: Queue;
  store: QueueStore;
  /** Documents with a stored line (done or failed). */
  finished(): Promise<number>;
  close(): Promise<void>;
}

export function probeQueue(url: string, name: string): QueueProbe {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  // A test may restart Redis under the probe; it reconnects, the refused attempts are expected.
  redis.on("error", () => {});
  const queue = new Queue(name, { connection: redis, skipMetasUpdate: true });
  const store = new QueueStore(redis, name);
  return {
    queue,
    store,
    finished: async () => {
      const c = await store.counts();
      return c.done + c.failed;
    },
    close: async () => {
      await queue.close();
      await redis.quit();
    },
  };
}
