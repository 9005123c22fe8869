import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { ConvertError } from "../errors.js";
import { assertSafeRelativePath } from "../paths.js";
import { TOKENIZER_FILES } from "../tokenizer-files.js";
import type { ProgressCallback } from "../types.js";
import { downloadFile } from "./download.js";
import { isHubRepoId } from "./repo-id.js";

export { isHubRepoId };

export interface FromHubOptions {
  /** Branch, tag or commit (default "main"). */
  revision?: string;
  /** Cache root (default `$LONGFORMER_TS_CACHE`, else `$XDG_CACHE_HOME/longformer-ts/hub` or `~/.cache/longformer-ts/hub`). */
  cacheDir?: string;
  /** Use only the cache, never the network (default: `HF_HUB_OFFLINE` set to 1/true/yes/on). */
  offline?: boolean;
  /** Hub base URL (default `$HF_ENDPOINT`, else https://huggingface.co). */
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
  /** Local directory holding the files (usable with `loadWeights` / `convert`). */
  dir: string;
  files: string[];
  fromCache: boolean;
}

/** Weight layouts in HF's order of preference; the first one the repo has is downloaded. */
const WEIGHT_FILES = [
  "model.safetensors",
  "model.safetensors.index.json",
  "pytorch_model.bin",
  "pytorch_model.bin.index.json",
];
const OPTIONAL_FILES: readonly string[] = TOKENIZER_FILES;
/** Written last: its presence means the snapshot is complete (offline mode and cache hits rely on it). */
const SNAPSHOT_MARKER = ".longformer-snapshot.json";

function envFlag(name: string): boolean {
  return ["1", "true", "yes", "on"].includes((process.env[name] ?? "").trim().toLowerCase());
}

export function defaultCacheDir(): string {
  if (process.env.LONGFORMER_TS_CACHE) return process.env.LONGFORMER_TS_CACHE;
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "longformer-ts", "hub");
}

/** `<cache>/models--owner--name/snapshots/<revision>` (revision slashes, as in `refs/pr/1`, become `--`). */
export function snapshotDir(cacheDir: string, repoId: string, revision: string): string {
  return join(cacheDir, `models--${repoId.replace("/", "--")}`, "snapshots", revision.replaceAll("/", "--"));
}

interface SnapshotMarker {
  repoId: string;
  revision: string;
  files: string[];
}

async function readMarker(dir: string): Promise<SnapshotMarker | undefined> {
  const path = join(dir, SNAPSHOT_MARKER);
  if (!existsSync(path)) return undefined;
  try {
    const marker = JSON.parse(await readFile(path, "utf8")) as SnapshotMarker;
    return Array.isArray(marker.files) && marker.files.every((f) => existsSync(join(dir, f))) ? marker : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Downloads a model repo's config, weights (the first of model.safetensors, its sharded index,
 * pytorch_model.bin, its index) and tokenizer files from `<endpoint>/<repo>/resolve/<revision>/<file>` into
 * a local cache, and returns the snapshot directory. Files are written atomically and partial downloads
 * resume; a complete snapshot is served from the cache without network access (`force` re-downloads).
 * Offline mode (`offline` or `HF_HUB_OFFLINE=1`) only ever reads the cache.
 */
export async function fromHub(repoId: string, options: FromHubOptions = {}): Promise<HubSnapshot> {
  if (!isHubRepoId(repoId)) throw new ConvertError("INVALID_ARGUMENT", `"${repoId}" is not a hub repo id (owner/name)`);
  const revision = options.revision ?? "main";
  if (!/^[\w.\-/]{1,200}$/.test(revision) || revision.split("/").some((s) => s === "" || s === "." || s === "..")) {
    throw new ConvertError("INVALID_ARGUMENT", `"${revision}" is not a valid revision`);
  }
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const dir = snapshotDir(cacheDir, repoId, revision);
  const offline = options.offline ?? envFlag("HF_HUB_OFFLINE");

  if (!options.force || offline) {
    const marker = await readMarker(dir);
    if (marker) return { repoId, revision, dir, files: marker.files, fromCache: true };
  }
  if (offline) {
    throw new ConvertError(
      "OFFLINE_CACHE_MISS",
      `offline mode: ${repoId}@${revision} is not in the cache (${dir}); download it once without HF_HUB_OFFLINE / offline`,
    );
  }

  const endpoint = (options.endpoint ?? process.env.HF_ENDPOINT ?? "https://huggingface.co").replace(/\/+$/, "");
  const f = options.fetch ?? globalThis.fetch;
  const headers: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};
  const fetchFile = async (file: string): Promise<boolean> => {
    const url = `${endpoint}/${repoId}/resolve/${encodeURIComponent(revision)}/${file.split("/").map(encodeURIComponent).join("/")}`;
    const dest = join(dir, file);
    if (existsSync(dest) && !options.force) return true;
    const result = await downloadFile(url, dest, {
      fetch: f,
      headers,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      onProgress: options.onProgress,
      label: `${repoId}/${file}`,
    });
    return result === "downloaded";
  };

  const files: string[] = [];
  if (!(await fetchFile("config.json"))) {
    throw new ConvertError(
      "HUB_NOT_FOUND",
      `${endpoint}/${repoId} has no config.json at revision ${revision} (wrong repo id or revision?)`,
    );
  }
  files.push("config.json");

  let weights: string | undefined;
  for (const candidate of WEIGHT_FILES) {
    if (await fetchFile(candidate)) {
      weights = candidate;
      break;
    }
  }
  if (!weights) throw new ConvertError("NO_WEIGHTS", `${repoId}@${revision} has none of ${WEIGHT_FILES.join(", ")}`);
  files.push(weights);
  if (weights.endsWith(".index.json")) {
    const index = JSON.parse(await readFile(join(dir, weights), "utf8")) as { weight_map?: Record<string, unknown> };
    if (typeof index.weight_map !== "object" || index.weight_map === null) {
      throw new ConvertError("MANIFEST_INVALID", `${weights} has no "weight_map"`);
    }
    for (const shard of new Set(Object.values(index.weight_map))) {
      const name = assertSafeRelativePath(shard, weights);
      if (!(await fetchFile(name)))
        throw new ConvertError("HUB_NOT_FOUND", `${repoId}: shard ${name} listed in ${weights} is missing`);
      files.push(name);
    }
  }
  for (const optional of OPTIONAL_FILES) if (await fetchFile(optional)) files.push(optional);

  const marker: SnapshotMarker = { repoId, revision, files };
  const temp = join(dir, `${SNAPSHOT_MARKER}.tmp`);
  await writeFile(temp, JSON.stringify(marker, null, 1));
  await rename(temp, join(dir, SNAPSHOT_MARKER));
  return { repoId, revision, dir, files, fromCache: false };
}
