import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fromHub, isHubRepoId } from "@longformer-ts/convert";
import { AppError } from "./errors.js";

export interface HubOptions {
  revision?: string;
  offline?: boolean;
  endpoint?: string;
  cacheDir?: string;
}

const isUrl = (text: string): boolean => /^https?:\/\//i.test(text);

/** A model as this machine loads it (`source`) and as the queue names it for every machine (`name`). */
export interface ResolvedModel {
  source: string;
  name: string;
}

/**
 * `--model` as the loaders take it: an existing directory, the URL of a converted directory, or a hub repo id
 * (downloaded once into the hub cache). An existing path wins over a hub id of the same spelling. The name
 * other machines use is the hub id or URL as given, or the directory's absolute path.
 */
export async function resolveModelSource(value: string, cwd: string, hub: HubOptions): Promise<ResolvedModel> {
  const text = value.trim();
  if (isUrl(text)) return { source: text, name: text };
  const path = resolve(cwd, text);
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw new AppError("USAGE", `--model ${text} is a file; pass its directory`);
    return { source: path, name: path };
  }
  if (!/^(\.{1,2}[\\/]|[\\/]|~)/.test(text) && isHubRepoId(text)) {
    return { source: (await fromHub(text, hub)).dir, name: text };
  }
  throw new AppError("MODEL_NOT_FOUND", `--model ${text}: no such directory (${path}), and not a URL or hub repo id`);
}

/**
 * The identity of a checkpoint: sha256 over the names and contents of the files of its directory (weights,
 * config, tokenizer), so two machines that load "the same" path from different copies still agree only if the
 * files are equal. A URL is identified by itself (its files are not downloaded to be hashed).
 */
export async function modelFingerprint(source: string): Promise<string> {
  if (isUrl(source)) return `url:${source}`;
  const hash = createHash("sha256");
  const names = (await readdir(source, { withFileTypes: true }))
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => e.name)
    .filter((name) => !name.startsWith("."))
    .sort();
  for (const name of names) {
    const path = join(source, name);
    if (!statSync(path).isFile()) continue;
    hash.update(`${name}\0`);
    hash.update(await readFile(path));
    hash.update("\0");
  }
  return `sha256:${hash.digest("hex")}`;
}
