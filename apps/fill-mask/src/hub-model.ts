import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConvertError, convert, defaultCacheDir, fromHub, type ProgressCallback } from "@longformer-ts/convert";
import { fetchWithConnectTimeout } from "./connect-timeout.js";

export interface HubModelOptions {
  revision?: string;
  /** Hub cache root (default: convert's, `$LONGFORMER_TS_CACHE` or `~/.cache/longformer-ts/hub`). */
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

/** `<cache>/converted/models--owner--name/<revision>`: next to convert's raw snapshots, never inside them. */
export function convertedModelDir(cacheDir: string, repoId: string, revision: string): string {
  return join(cacheDir, "converted", `models--${repoId.replace("/", "--")}`, revision.replaceAll("/", "--"));
}

const isConverted = (dir: string): boolean => existsSync(join(dir, "model.json"));

/**
 * A hub checkpoint as a converted TF.js directory: served from the cache when it was converted before
 * (without touching the network), else downloaded (`fromHub`), converted once and cached.
 */
export async function hubModel(repoId: string, options: HubModelOptions = {}): Promise<HubModel> {
  const revision = options.revision ?? "main";
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const dir = convertedModelDir(cacheDir, repoId, revision);
  if (isConverted(dir)) return { repoId, revision, dir, fromCache: true };

  const snapshot = await fromHub(repoId, {
    revision,
    cacheDir,
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
