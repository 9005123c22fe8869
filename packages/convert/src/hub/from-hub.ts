import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { ConvertError } from "../errors.js";
import { assertSafeRelativePath } from "../paths.js";
import { TOKENIZER_FILES } from "../tokenizer-files.js";
import type { ProgressCallback } from "../types.js";
import {
  COMMIT_HASH,
  cachedCommit,
  defaultCacheDir,
  linkIntoSnapshot,
  type RepoCache,
  repoCache,
  writeRef,
} from "./cache-layout.js";
import { downloadFile, headFile, sha256File } from "./download.js";
import { parseEndpoint, redactCredentials } from "./endpoint.js";
import { acquireFileLock } from "./file-lock.js";
import { isHubRepoId } from "./repo-id.js";

export { defaultCacheDir, isHubRepoId };

export interface FromHubOptions {
  /** Branch, tag or commit (default "main"). */
  revision?: string;
  /**
   * Cache root, shared with Python's huggingface_hub (default `$LONGFORMER_TS_CACHE`, else `$HF_HUB_CACHE`,
   * `$HF_HOME/hub`, `$XDG_CACHE_HOME/huggingface/hub` or `~/.cache/huggingface/hub`).
   */
  cacheDir?: string;
  /** Use only the cache, never the network (default: `HF_HUB_OFFLINE` set to 1/true/yes/on). */
  offline?: boolean;
  /** Hub base URL (default `$HF_ENDPOINT`, else https://huggingface.co); `user:password@` becomes a Basic header. */
  endpoint?: string;
  fetch?: typeof fetch;
  onProgress?: ProgressCallback;
  /** Bearer token for private or gated repos. */
  token?: string;
  /** Download again even when the snapshot is cached. */
  force?: boolean;
  /** Abort a request when no byte arrives for this long (default 60 s). */
  idleTimeoutMs?: number;
}

export interface HubSnapshot {
  repoId: string;
  revision: string;
  /** Local directory holding the files (usable with `loadWeights` / `convert`): `.../snapshots/<commit>`. */
  dir: string;
  files: string[];
  fromCache: boolean;
  /** The commit the snapshot belongs to (the revision's name when the server does not say). */
  commit: string;
}

/** Weight layouts in HF's order of preference; the first one the repo has is downloaded. */
const WEIGHT_FILES = [
  "model.safetensors",
  "model.safetensors.index.json",
  "pytorch_model.bin",
  "pytorch_model.bin.index.json",
];
const OPTIONAL_FILES: readonly string[] = TOKENIZER_FILES;

function envFlag(name: string): boolean {
  return ["1", "true", "yes", "on"].includes((process.env[name] ?? "").trim().toLowerCase());
}

/** `<cache>/models--owner--name/snapshots/<commit>` as the cache resolves `revision` now (undefined when unknown). */
export function snapshotDir(cacheDir: string, repoId: string, revision: string): string | undefined {
  const cache = repoCache(cacheDir, repoId);
  const commit = cachedCommit(cache, revision);
  return commit ? cache.snapshot(commit) : undefined;
}

function parseJsonText(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** The shard names of a sharded index, or a typed error (an HTML page is not an index). */
function indexShards(path: string, name: string): string[] {
  let index: { weight_map?: unknown };
  try {
    index = parseJsonText(readFileSync(path, "utf8")) as { weight_map?: unknown };
  } catch (cause) {
    throw new ConvertError("MANIFEST_INVALID", `${name} is not valid JSON (${(cause as Error).message})`, { cause });
  }
  const map = index?.weight_map;
  if (typeof map !== "object" || map === null)
    throw new ConvertError("MANIFEST_INVALID", `${name} has no "weight_map"`);
  return [...new Set(Object.values(map as Record<string, unknown>))].map((f) => assertSafeRelativePath(f, name));
}

/**
 * The files of a complete snapshot, or undefined: config.json (a JSON object), the first weight layout present
 * (a sharded index with all its shards) and whichever tokenizer files are there. Works for snapshots that
 * Python's huggingface_hub downloaded (it writes no marker). Our downloads fetch the weights last, so an
 * interrupted one never looks complete.
 */
function completeSnapshot(dir: string): string[] | undefined {
  const config = join(dir, "config.json");
  if (!existsSync(config)) return undefined;
  try {
    const parsed = parseJsonText(readFileSync(config, "utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  } catch {
    return undefined;
  }
  const weights = WEIGHT_FILES.find((f) => existsSync(join(dir, f)));
  if (!weights) return undefined;
  const files = ["config.json", weights];
  if (weights.endsWith(".index.json")) {
    let shards: string[];
    try {
      shards = indexShards(join(dir, weights), weights);
    } catch {
      return undefined;
    }
    if (!shards.every((s) => existsSync(join(dir, s)))) return undefined;
    files.push(...shards);
  }
  for (const optional of OPTIONAL_FILES) if (existsSync(join(dir, optional))) files.push(optional);
  return files;
}

/** JSON files are parsed before they enter the cache: a mirror's HTML error page served with 200 is refused. */
function jsonValidator(label: string, url: string): ((path: string) => Promise<void>) | undefined {
  if (!label.endsWith(".json")) return undefined;
  return async (path) => {
    const text = await readFile(path, "utf8");
    try {
      parseJsonText(text);
    } catch {
      const looksHtml = /^\s*</.test(text);
      throw new ConvertError(
        "HUB_INVALID_FILE",
        `${url} is not valid JSON${looksHtml ? " (the server sent an HTML page)" : ""}; it was not cached`,
      );
    }
  };
}

interface Session {
  repoId: string;
  cache: RepoCache;
  base: string;
  headers: Record<string, string>;
  fetch: typeof fetch;
  options: FromHubOptions;
  idleTimeoutMs: number;
}

/**
 * One file into the cache: HEAD for its ETag and commit, then (unless the blob is already there, from us or
 * from Python) a download under a per-blob lock into `blobs/<etag>.incomplete`, resumed with Range, verified
 * (sha256 ETag, JSON parse) and renamed into `blobs/<etag>`; finally linked into `snapshots/<commit>/`.
 * Without an ETag the blob is named by the sha256 of what arrived (written under a name of its own, no lock
 * needed). Returns the commit, or undefined when the repo has no such file.
 */
async function fetchFile(s: Session, revision: string, file: string): Promise<string | undefined> {
  const url = `${s.base}/${s.repoId}/resolve/${encodeURIComponent(revision)}/${file.split("/").map(encodeURIComponent).join("/")}`;
  const info = await headFile(url, { fetch: s.fetch, headers: s.headers, idleTimeoutMs: s.idleTimeoutMs });
  if (info === "missing") return undefined;
  const commit = info.commit ?? (COMMIT_HASH.test(revision) ? revision : revision.replaceAll("/", "--"));
  const label = `${s.repoId}/${file}`;
  const common = {
    fetch: s.fetch,
    headers: s.headers,
    idleTimeoutMs: s.idleTimeoutMs,
    onProgress: s.options.onProgress,
    label,
    validate: jsonValidator(file, url),
  };
  const notFound = (): never => {
    throw new ConvertError("HUB_NOT_FOUND", `${url} disappeared between HEAD and GET`);
  };

  if (!info.etag) {
    const partial = join(s.cache.blobs, `.${process.pid}-${randomBytes(6).toString("hex")}.incomplete`);
    const received = `${partial}.done`;
    try {
      if ((await downloadFile(url, received, { ...common, partial })) === "missing") notFound();
      const etag = await sha256File(received);
      await rename(received, join(s.cache.blobs, etag));
      await linkIntoSnapshot(s.cache, commit, file, etag);
    } finally {
      await rm(partial, { force: true });
      await rm(received, { force: true });
    }
    return commit;
  }

  const etag = info.etag;
  const blob = join(s.cache.blobs, etag);
  const sha256 = /^[0-9a-f]{64}$/.test(etag) ? etag : undefined;
  if (s.options.force || !existsSync(blob)) {
    const forced = s.options.force === true;
    const lock = await acquireFileLock(join(s.cache.locks, `${etag}.longformer-ts.lock`), {
      staleMs: Math.max(2 * s.idleTimeoutMs, 10_000),
      // Another writer finished it meanwhile (with force, we download regardless).
      whileWaiting: () => !forced && existsSync(blob),
    });
    if (lock) {
      try {
        if (forced || !existsSync(blob)) {
          const partial = `${blob}.incomplete`;
          if (forced) await rm(partial, { force: true });
          const result = await downloadFile(url, blob, { ...common, partial, sha256, onData: lock.touch });
          if (result === "missing") notFound();
        }
      } finally {
        await lock.release();
      }
    }
  }
  await linkIntoSnapshot(s.cache, commit, file, etag);
  return commit;
}

/**
 * Downloads a model repo's config, tokenizer files and weights (the first of model.safetensors, its sharded
 * index, pytorch_model.bin, its index) from `<endpoint>/<repo>/resolve/<revision>/<file>` into the cache that
 * Python's huggingface_hub uses, and returns the snapshot directory. A snapshot already complete in the cache
 * (downloaded by us or by Python) is served without network access (`force` re-downloads). Offline mode
 * (`offline` or `HF_HUB_OFFLINE=1`) only ever reads the cache.
 */
export async function fromHub(repoId: string, options: FromHubOptions = {}): Promise<HubSnapshot> {
  if (!isHubRepoId(repoId)) {
    throw new ConvertError(
      "INVALID_ARGUMENT",
      `"${repoId}" is not a hub repo id (owner/name of letters, digits, "-", "_", "."; no "--" or "..")`,
    );
  }
  const revision = options.revision ?? "main";
  if (!/^[\w.\-/]{1,200}$/.test(revision) || revision.split("/").some((s) => s === "" || s === "." || s === "..")) {
    throw new ConvertError("INVALID_ARGUMENT", `"${revision}" is not a valid revision`);
  }
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cache = repoCache(cacheDir, repoId);
  const offline = options.offline ?? envFlag("HF_HUB_OFFLINE");

  if (!options.force || offline) {
    const commit = cachedCommit(cache, revision);
    const files = commit ? completeSnapshot(cache.snapshot(commit)) : undefined;
    if (commit && files) return { repoId, revision, dir: cache.snapshot(commit), files, fromCache: true, commit };
  }
  if (offline) {
    throw new ConvertError(
      "OFFLINE_CACHE_MISS",
      `offline mode: ${repoId}@${revision} is not in the cache (${cache.root}); download it once without HF_HUB_OFFLINE / offline`,
    );
  }

  const endpoint = parseEndpoint(options.endpoint ?? process.env.HF_ENDPOINT ?? "https://huggingface.co");
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  else if (endpoint.authorization) headers.Authorization = endpoint.authorization;
  const session: Session = {
    repoId,
    cache,
    base: endpoint.base,
    headers,
    fetch: options.fetch ?? globalThis.fetch,
    options,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
  };
  try {
    return await download(session, revision);
  } catch (e) {
    // Lower layers (fetch, the OS) may quote a URL; credentials never leave in a message.
    if (e instanceof ConvertError) {
      const message = redactCredentials(e.message);
      if (message !== e.message) throw new ConvertError(e.code, message);
      throw e;
    }
    // The file system (a read-only or full cache): still a typed error.
    throw new ConvertError(
      "WRITE_FAILED",
      `writing to the hub cache ${cacheDir} failed: ${redactCredentials((e as Error).message)}`,
      { cause: e },
    );
  }
}

async function download(s: Session, revision: string): Promise<HubSnapshot> {
  const commit = await fetchFile(s, revision, "config.json");
  if (!commit) {
    throw new ConvertError(
      "HUB_NOT_FOUND",
      `${s.base}/${s.repoId} has no config.json at revision ${revision} (wrong repo id or revision?)`,
    );
  }
  // Every further file comes from the same commit, even if the branch moves meanwhile.
  const pinned = COMMIT_HASH.test(commit) ? commit : revision;
  const dir = s.cache.snapshot(commit);
  // Tokenizer files before the weights: a snapshot with weights is complete (see completeSnapshot).
  const optional: string[] = [];
  for (const file of OPTIONAL_FILES) if (await fetchFile(s, pinned, file)) optional.push(file);

  let weights: string | undefined;
  const shards: string[] = [];
  for (const candidate of WEIGHT_FILES) {
    if (!candidate.endsWith(".index.json")) {
      if (await fetchFile(s, pinned, candidate)) {
        weights = candidate;
        break;
      }
      continue;
    }
    // An index is linked into the snapshot only after all its shards: until then the snapshot is incomplete.
    if (await fetchFile(s, pinned, candidate)) {
      for (const shard of indexShards(join(dir, candidate), candidate)) {
        if (!(await fetchFile(s, pinned, shard))) {
          await rm(join(dir, candidate), { force: true });
          throw new ConvertError("HUB_NOT_FOUND", `${s.repoId}: shard ${shard} listed in ${candidate} is missing`);
        }
        shards.push(shard);
      }
      weights = candidate;
      break;
    }
  }
  if (!weights) {
    throw new ConvertError("NO_WEIGHTS", `${s.repoId}@${revision} has none of ${WEIGHT_FILES.join(", ")}`);
  }
  await writeRef(s.cache, revision, commit);
  return {
    repoId: s.repoId,
    revision,
    dir,
    files: ["config.json", weights, ...shards, ...optional],
    fromCache: false,
    commit,
  };
}
