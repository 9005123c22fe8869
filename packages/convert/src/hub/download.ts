import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { ConvertError } from "../errors.js";
import type { ProgressCallback } from "../types.js";

export interface DownloadOptions {
  fetch: typeof fetch;
  headers: Record<string, string>;
  /** Abort when no byte arrives for this long. */
  idleTimeoutMs: number;
  onProgress?: ProgressCallback;
  /** Name used in progress events and messages. */
  label: string;
}

/** `bytes start-end/total` -> start and total (total undefined when `*`). */
function parseContentRange(header: string | null): { start: number; total: number | undefined } | undefined {
  const m = header ? /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header.trim()) : null;
  if (!m) return undefined;
  return { start: Number(m[1]), total: m[2] === "*" ? undefined : Number(m[2]) };
}

/** The sha256 the hub announces for LFS files (`X-Linked-Etag` / `ETag` of 64 hex digits), if any. */
function announcedSha256(response: Response): string | undefined {
  for (const name of ["x-linked-etag", "etag"]) {
    const value = response.headers.get(name)?.replace(/^W\//, "").replaceAll('"', "").toLowerCase();
    if (value && /^[0-9a-f]{64}$/.test(value)) return value;
  }
  return undefined;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function fileSize(path: string): Promise<number> {
  return existsSync(path) ? (await stat(path)).size : 0;
}

/**
 * Downloads `url` to `dest` through `dest.incomplete`: an interrupted download is resumed with an HTTP Range
 * request next time, and `dest` only appears (by rename) once the whole file is there and, when the server
 * announces a sha256, matches it. Returns "missing" on 404.
 */
export async function downloadFile(
  url: string,
  dest: string,
  options: DownloadOptions,
): Promise<"downloaded" | "missing"> {
  const partial = `${dest}.incomplete`;
  await mkdir(dirname(dest), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await fileSize(partial);
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(
        () => controller.abort(new Error(`no data for ${options.idleTimeoutMs} ms`)),
        options.idleTimeoutMs,
      );
    };
    try {
      arm();
      let response: Response;
      try {
        response = await options.fetch(url, {
          headers: existing > 0 ? { ...options.headers, Range: `bytes=${existing}-` } : options.headers,
          signal: controller.signal,
        });
      } catch (cause) {
        throw new ConvertError("DOWNLOAD_FAILED", `GET ${url} failed: ${(cause as Error).message}`, { cause });
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return "missing";
      }
      if (response.status === 416 && existing > 0) {
        // The partial file is not a prefix the server recognises: start over.
        await response.body?.cancel();
        await rm(partial, { force: true });
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        throw new ConvertError(
          "DOWNLOAD_FAILED",
          `GET ${url}: HTTP ${response.status} (private or gated repo? pass a token)`,
        );
      }
      if (response.status !== 200 && response.status !== 206) {
        await response.body?.cancel();
        throw new ConvertError("DOWNLOAD_FAILED", `GET ${url}: HTTP ${response.status}`);
      }
      const range = response.status === 206 ? parseContentRange(response.headers.get("content-range")) : undefined;
      const resumed = range !== undefined && range.start === existing;
      if (response.status === 206 && !resumed) {
        await response.body?.cancel();
        await rm(partial, { force: true });
        continue;
      }
      const length = response.headers.get("content-length");
      const total = resumed ? range.total : length !== null ? Number(length) : undefined;
      const handle = await open(partial, resumed ? "a" : "w");
      let loaded = resumed ? existing : 0;
      try {
        if (response.body) {
          const reader = response.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            arm();
            await handle.write(value);
            loaded += value.byteLength;
            options.onProgress?.({ phase: "download", unit: "bytes", loaded, total, file: options.label });
          }
        }
      } catch (cause) {
        if (cause instanceof ConvertError) throw cause;
        throw new ConvertError(
          "DOWNLOAD_FAILED",
          `download of ${url} broke off after ${loaded} bytes (rerun to resume): ${(cause as Error).message}`,
          {
            cause,
          },
        );
      } finally {
        await handle.close();
      }
      if (total !== undefined && loaded !== total) {
        throw new ConvertError(
          "DOWNLOAD_FAILED",
          `download of ${url} ended after ${loaded} of ${total} bytes (rerun to resume)`,
        );
      }
      const sha = announcedSha256(response);
      if (sha) {
        const actual = await sha256File(partial);
        if (actual !== sha) {
          await rm(partial, { force: true });
          throw new ConvertError(
            "INTEGRITY",
            `${url}: sha256 ${actual} does not match the announced ${sha}; the download was discarded`,
          );
        }
      }
      await rename(partial, dest);
      return "downloaded";
    } finally {
      clearTimeout(timer);
    }
  }
  throw new ConvertError("DOWNLOAD_FAILED", `GET ${url}: the server refused to resume or restart the download`);
}
