import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { copyFile, mkdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, relative } from "node:path";

/**
 * The cache layout of Python's `huggingface_hub` (and of `@huggingface/hub`), so a model downloaded by either
 * is found here without a download, and ours is found by them:
 *
 *   <cache>/models--<owner>--<name>/blobs/<etag>                 file contents, named by the hub's ETag
 *   <cache>/models--<owner>--<name>/snapshots/<commit>/<file>    relative symlink to ../../blobs/<etag>
 *   <cache>/models--<owner>--<name>/refs/<revision>              the commit a branch or tag pointed to
 *   <cache>/.locks/models--<owner>--<name>/                      lock files (ours end in .longformer-ts.lock)
 */
export function defaultCacheDir(): string {
  const env = process.env;
  if (env.LONGFORMER_TS_CACHE) return env.LONGFORMER_TS_CACHE;
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  if (env.HF_HOME) return join(env.HF_HOME, "hub");
  return join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "huggingface", "hub");
}

/** `models--owner--name`: unambiguous because hub repo ids never contain `--` (isHubRepoId refuses them). */
export function repoFolderName(repoId: string): string {
  return `models--${repoId.replace("/", "--")}`;
}

export interface RepoCache {
  root: string;
  blobs: string;
  locks: string;
  snapshot(commit: string): string;
  ref(revision: string): string;
}

export function repoCache(cacheDir: string, repoId: string): RepoCache {
  const folder = repoFolderName(repoId);
  const root = join(cacheDir, folder);
  return {
    root,
    blobs: join(root, "blobs"),
    locks: join(cacheDir, ".locks", folder),
    snapshot: (commit) => join(root, "snapshots", commit),
    ref: (revision) => join(root, "refs", revision),
  };
}

export const COMMIT_HASH = /^[0-9a-f]{40}$/;

/** The commit a revision resolves to in the cache: the revision itself when it is a commit hash, else refs/<revision>. */
export function cachedCommit(cache: RepoCache, revision: string): string | undefined {
  if (COMMIT_HASH.test(revision)) return revision;
  const ref = cache.ref(revision);
  if (!existsSync(ref)) return undefined;
  const commit = readFileSync(ref, "utf8").trim();
  return commit.length > 0 && !commit.includes("/") && !commit.includes("..") ? commit : undefined;
}

/** Writes a file by rename, so readers never see half of it. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
}

/**
 * Records which commit `revision` resolved to. A commit hash needs no ref; a server that names no commit gets
 * the revision's own name, so the snapshot (`snapshots/main`) is still found through `refs/main`.
 */
export async function writeRef(cache: RepoCache, revision: string, commit: string): Promise<void> {
  if (COMMIT_HASH.test(revision)) return;
  const path = cache.ref(revision);
  if (existsSync(path) && (await readFile(path, "utf8")).trim() === commit) return;
  await writeAtomically(path, commit);
}

/**
 * Points `snapshots/<commit>/<file>` at `blobs/<etag>` with a relative symlink (as huggingface_hub does), made
 * beside the target and renamed over it so the snapshot never shows a missing or half-made file. Where symlinks
 * are not allowed the blob is copied.
 */
export async function linkIntoSnapshot(cache: RepoCache, commit: string, file: string, etag: string): Promise<string> {
  const target = join(cache.snapshot(commit), file);
  const blob = join(cache.blobs, etag);
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}-${randomBytes(4).toString("hex")}.link`;
  try {
    await symlink(relative(dirname(target), blob), temp);
  } catch {
    await copyFile(blob, temp);
  }
  try {
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  return target;
}
