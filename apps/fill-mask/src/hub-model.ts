import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ConvertError, convert, defaultCacheDir, fromHub, type ProgressCallback } from "@longformer-ts/convert";
import { fetchWithConnectTimeout } from "./connect-timeout.js";

export interface HubModelOptions {
  revision?: string;
  /** Cache root of this demo (`--cache-dir`): `<dir>/hub` and `<dir>/converted`; default `cacheRoots()`. */
  cacheDir?: string;
  /** Only use what is cached. */
  offline?: boolean;
  /** Hub base URL (default `$HF_ENDPOINT`, else https://huggingface.co). */
  endpoint?: string;
  /** Give up when the hub does not answer within this many ms. */
  connectTimeoutMs?: number;
  onProgress?: ProgressCallback;
  fetch?: typeof fetch;
}

export interface HubModel {
  repoId: string;
  revision: string;
  /** Converted TF.js directory (model.json, shards, config and tokenizer files). */
  dir: string;
  /** True when nothing was downloaded or converted in this call. */
  fromCache: boolean;
}

export interface CacheRoots {
  /** Raw hub snapshots, in huggingface_hub's layout. */
  hub: string;
  /** Converted TF.js directories. */
  converted: string;
}

/**
 * Where downloads and conversions go. By default the hub cache is convert's (the one Python's huggingface_hub
 * shares, so a model downloaded there is not downloaded again) and conversions live apart from it, in
 * `$XDG_CACHE_HOME/longformer-ts/converted` (Python's cache scan would call a foreign folder inside its cache
 * corrupt). An explicit `cacheDir` holds both: `<dir>/hub` and `<dir>/converted`.
 */
export function cacheRoots(cacheDir?: string, env: NodeJS.ProcessEnv = process.env): CacheRoots {
  if (cacheDir) return { hub: join(cacheDir, "hub"), converted: join(cacheDir, "converted") };
  const userCache = env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  return { hub: defaultCacheDir(), converted: join(userCache, "longformer-ts", "converted") };
}

/** `<converted root>/models--owner--name/<revision>`. */
export function convertedModelDir(convertedRoot: string, repoId: string, revision: string): string {
  return join(convertedRoot, `models--${repoId.replace("/", "--")}`, revision.replaceAll("/", "--"));
}

const isConverted = (dir: string): boolean => existsSync(join(dir, "model.json"));

/**
 * A hub checkpoint as a converted TF.js directory: served from the cache when it was converted before
 * (without touching the network), else downloaded (`fromHub`), converted once and cached.
 */
export async function hubModel(repoId: string, options: HubModelOptions = {}): Promise<HubModel> {
  const revision = options.revision ?? "main";
  const roots = cacheRoots(options.cacheDir);
  const dir = convertedModelDir(roots.converted, repoId, revision);
  if (isConverted(dir)) return { repoId, revision, dir, fromCache: true };

  const snapshot = await fromHub(repoId, {
    revision,
    cacheDir: roots.hub,
    offline: options.offline,
    endpoint: options.endpoint,
    fetch: fetchWithConnectTimeout(options.connectTimeoutMs ?? 5000, options.fetch),
    onProgress: options.onProgress,
  });
  try {
    await convert(snapshot.dir, dir, { onProgress: options.onProgress });
  } catch (e) {
    // Another process converted the same checkpoint meanwhile: its (atomically written) output is as good.
    if (!(e instanceof ConvertError && e.code === "OUTPUT_EXISTS" && isConverted(dir))) throw e;
  }
  return { repoId, revision, dir, fromCache: false };
}
