import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { fromHub, isHubRepoId, type ProgressCallback } from "@longformer-ts/convert";
import { AppError } from "./errors.js";

export interface ModelSourceOptions {
  /** Where relative paths start. */
  cwd: string;
  revision?: string;
  offline?: boolean;
  endpoint?: string;
  cacheDir?: string;
  onProgress?: ProgressCallback;
}

/**
 * `--model` as something the loaders take: an existing directory (raw HF checkpoint or converted), the
 * URL of a converted directory, or a hub repo id, downloaded once into the hub cache (`fromHub`).
 * An existing path wins over a hub id of the same spelling.
 */
export async function resolveModelSource(value: string, options: ModelSourceOptions): Promise<string> {
  const text = value.trim();
  if (/^https?:\/\//i.test(text)) return text;
  const path = resolve(options.cwd, text);
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw new AppError("USAGE", `--model ${text} is a file; pass its directory`);
    return path;
  }
  if (!/^(\.{1,2}[\\/]|[\\/]|~)/.test(text) && isHubRepoId(text)) {
    const snapshot = await fromHub(text, {
      revision: options.revision,
      offline: options.offline,
      endpoint: options.endpoint,
      cacheDir: options.cacheDir,
      onProgress: options.onProgress,
    });
    return snapshot.dir;
  }
  throw new AppError("MODEL_NOT_FOUND", `--model ${text}: no such directory (${path}), and not a URL or hub repo id`);
}

/** Hub download progress as one stderr line per file (a checkpoint is a handful of files). */
export function downloadLog(log: (line: string) => void): ProgressCallback {
  const seen = new Set<string>();
  return (e) => {
    if (e.phase !== "download" || !e.file || seen.has(e.file)) return;
    seen.add(e.file);
    log(`downloading ${e.file}${e.total !== undefined ? ` (${(e.total / 1024 / 1024).toFixed(1)} MiB)` : ""}...`);
  };
}
