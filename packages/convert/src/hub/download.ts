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
  /** Where the bytes collect until complete (resumed with a Range request when it exists). */
  partial: string;
  /** The sha256 the file must have (known from a HEAD request); else taken from the response's ETag, if any. */
  sha256?: string;
  /** Runs on the complete partial file before it is renamed into place; throws to refuse it. */
  validate?: (path: string) => Promise<void>;
  /** Called as data arrives (keeps a lock fresh). */
  onData?: () => void;
}

/** A file's identity on the hub, from a HEAD request. */
export interface RemoteFileInfo {
  /** The hub's ETag: the sha256 for LFS files (`X-Linked-Etag`), the git blob id otherwise. */
  etag: string | undefined;
  /** The commit the revision resolved to (`X-Repo-Commit`). */
  commit: string | undefined;
}

/** ETags become blob file names: only plain ones are used. */
function cleanEtag(value: string | null): string | undefined {
  const v = value?.replace(/^W\//, "").replaceAll('"', "").trim();
  return v && /^[A-Za-z0-9._-]{1,128}$/.test(v) && !v.startsWith(".") ? v : undefined;
}

function remoteInfo(response: Response): RemoteFileInfo {
  const commit = response.headers.get("x-repo-commit")?.trim();
  return {
    etag: cleanEtag(response.headers.get("x-linked-etag")) ?? cleanEtag(response.headers.get("etag")),
    commit: commit && /^[0-9a-f]{40}$/.test(commit) ? commit : undefined,
  };
}

/**
 * HEAD request, as huggingface_hub makes before a download: the ETag names the blob and the commit names the
 * snapshot. Redirects are not followed at first because the hub puts `X-Linked-Etag` / `X-Repo-Commit` on the
 * redirect to its CDN; a redirect without them (a renamed repo) is followed. Returns "missing" on 404.
 */
export async function headFile(
  url: string,
  options: Pick<DownloadOptions, "fetch" | "headers" | "idleTimeoutMs">,
): Promise<RemoteFileInfo | "missing"> {
  const request = async (redirect: RequestRedirect): Promise<Response> => {
    try {
      return await options.fetch(url, {
        method: "HEAD",
        headers: options.headers,
        redirect,
        signal: AbortSignal.timeout(options.idleTimeoutMs),
      });
    } catch (cause) {
      throw new ConvertError("DOWNLOAD_FAILED", `HEAD ${url} failed: ${(cause as Error).message}`, { cause });
    }
  };
  let response = await request("manual");
  if (response.status >= 300 && response.status < 400 && !response.headers.has("x-repo-commit")) {
    response = await request("follow");
  }
  await response.body?.cancel();
  if (response.status === 404) return "missing";
  if (response.status === 401 || response.status === 403) {
    throw new ConvertError(
      "DOWNLOAD_FAILED",
      `HEAD ${url}: HTTP ${response.status} (private or gated repo? pass a token)`,
    );
  }
  if (response.status >= 400) throw new ConvertError("DOWNLOAD_FAILED", `HEAD ${url}: HTTP ${response.status}`);
  return remoteInfo(response);
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

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function fileSize(path: string): Promise<number> {
  return existsSync(path) ? (await stat(path)).size : 0;
}

/**
 * Downloads `url` to `dest` through `options.partial`: an interrupted download is resumed with an HTTP Range
 * request next time, and `dest` only appears (by rename) once the whole file is there, passes `validate` and,
 * when a sha256 is known, matches it. Returns "missing" on 404. The caller makes sure only one writer uses
 * `partial` at a time.
 */
export async function downloadFile(
  url: string,
  dest: string,
  options: DownloadOptions,
): Promise<"downloaded" | "missing"> {
  const partial = options.partial;
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
            options.onData?.();
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
      const sha = options.sha256 ?? announcedSha256(response);
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
      if (options.validate) {
        try {
          await options.validate(partial);
        } catch (e) {
          await rm(partial, { force: true });
          throw e;
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
