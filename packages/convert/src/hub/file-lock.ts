import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { isProcessAlive } from "../process-alive.js";

/**
 * A lock file created exclusively (`wx`), holding `<pid> <token>`: one writer per blob, so two processes
 * downloading the same file no longer interleave their bytes in one `.incomplete`. A lock whose process is
 * gone, or that its holder has not touched for `staleMs`, is taken over.
 */
export interface FileLock {
  /** Marks the lock as alive (called while data arrives; cheap, at most once a second). */
  touch(): void;
  release(): Promise<void>;
}

async function isStale(path: string, staleMs: number): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    const pid = Number(text.split(" ")[0]);
    if (Number.isSafeInteger(pid) && pid > 0 && !isProcessAlive(pid)) return true;
    return Date.now() - info.mtimeMs > staleMs;
  } catch {
    return false; // released meanwhile (or being written): try again
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for and takes the lock at `path`. `whileWaiting` runs after each wait: when it returns true (another
 * writer finished the work) the wait ends without the lock.
 */
export async function acquireFileLock(
  path: string,
  options: { staleMs: number; whileWaiting: () => boolean },
): Promise<FileLock | undefined> {
  await mkdir(dirname(path), { recursive: true });
  const token = `${process.pid} ${randomBytes(8).toString("hex")}`;
  for (;;) {
    try {
      await writeFile(path, token, { flag: "wx" });
      let touched = Date.now();
      return {
        touch: () => {
          const now = Date.now();
          if (now - touched < 1000) return;
          touched = now;
          utimes(path, new Date(now), new Date(now)).catch(() => undefined);
        },
        release: async () => {
          // Only remove our own lock (a stale-lock takeover may have replaced it).
          const current = await readFile(path, "utf8").catch(() => "");
          if (current === token) await rm(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    if (await isStale(path, options.staleMs)) {
      await rm(path, { force: true });
      continue;
    }
    await sleep(50 + Math.random() * 100);
    if (options.whileWaiting()) return undefined;
  }
}
