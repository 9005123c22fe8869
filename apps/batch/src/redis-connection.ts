import { Redis } from "ioredis";
import { AppError } from "./errors.js";

/**
 * A worker's connection: every command waits for Redis to come back (`maxRetriesPerRequest: null`, as BullMQ
 * requires for workers) and ioredis reconnects forever, so a Redis restart pauses the work instead of ending it.
 */
export function workerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
}

/**
 * A short-lived command's connection (enqueue, status, collect): it gives up after a few tries, so an
 * unreachable Redis is an error instead of a hang.
 */
export async function commandConnection(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 2,
    lazyConnect: true,
    retryStrategy: (times) => (times > 3 ? null : times * 200),
  });
  // Connection errors are reported by connect() below; without a listener ioredis prints each retry.
  redis.on("error", () => {});
  try {
    await redis.connect();
  } catch (cause) {
    redis.disconnect();
    throw new AppError("REDIS_UNREACHABLE", `cannot reach Redis at ${url}: ${(cause as Error).message}`, { cause });
  }
  return redis;
}
