import { existsSync, statSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { ConvertError } from "../errors.js";
import { notAnOutputReason } from "./output-files.js";
import { makeTempDir, removeOnSignal, sweepStaleTempDirs } from "./temp-dirs.js";

/** The nearest existing ancestor of `path` (or `path` itself). */
function nearestExisting(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/**
 * Refuses output targets that must not be written: a file, a path below a file, an existing directory without
 * `overwrite`, and (even with `overwrite`) a directory that is not a previous conversion output, so `--force`
 * can never delete a checkpoint, a sibling's notes or the working directory.
 */
export function checkOutputTarget(target: string, overwrite: boolean): void {
  const out = resolve(target);
  const existing = nearestExisting(out);
  if (existing !== out && !statSync(existing).isDirectory()) {
    throw new ConvertError("OUTPUT_NOT_DIRECTORY", `cannot create ${out}: ${existing} is a file, not a directory`);
  }
  if (existing !== out) return;
  if (!statSync(out).isDirectory()) {
    throw new ConvertError("OUTPUT_NOT_DIRECTORY", `${out} exists and is a file, not a directory`);
  }
  if (!overwrite) {
    throw new ConvertError("OUTPUT_EXISTS", `${out} already exists (pass overwrite / --force to replace it)`);
  }
  const reason = notAnOutputReason(out);
  if (reason) {
    throw new ConvertError(
      "OUTPUT_NOT_REPLACEABLE",
      `refusing to replace ${out}: ${reason}; overwrite / --force only replaces a previous conversion output (remove it yourself or pick another output directory)`,
    );
  }
}

/** Refuses an output directory that is, or contains, `source` (replacing it would delete the source). */
export function checkOutputOutsideSource(target: string, source: string): void {
  const out = resolve(target);
  const src = resolve(source);
  if (src === out) throw new ConvertError("INVALID_ARGUMENT", "the output directory is the source directory");
  if (src.startsWith(out.endsWith(sep) ? out : out + sep)) {
    throw new ConvertError("INVALID_ARGUMENT", `the output directory ${out} contains the source ${src}`);
  }
}

/**
 * Runs `fill` on a fresh temporary directory beside `target`, then renames it into place: a reader sees either
 * no output or the complete output, and a failure (or a crash) never leaves a partial `target` behind. The
 * temporary directory is removed on failure and on SIGINT/SIGTERM/SIGHUP; leftovers of killed runs are swept
 * by the next run to the same target.
 */
export async function writeDirectoryAtomically<T>(
  target: string,
  overwrite: boolean,
  fill: (tempDir: string) => Promise<T>,
): Promise<T> {
  const out = resolve(target);
  checkOutputTarget(out, overwrite);
  const parent = dirname(out);
  const base = basename(out);
  let temp: string;
  try {
    await mkdir(parent, { recursive: true });
    sweepStaleTempDirs(parent, base);
    temp = await makeTempDir(parent, base, "tmp");
  } catch (e) {
    throw new ConvertError("WRITE_FAILED", `cannot create a directory beside ${out}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const release = removeOnSignal(temp);
  try {
    const result = await fill(temp);
    if (existsSync(out)) {
      // Checked again: the directory may have changed while we were writing.
      checkOutputTarget(out, overwrite);
      // Swap: move the old output aside first so the target name never points at a half-replaced directory.
      const old = await makeTempDir(parent, base, "old");
      await rename(out, join(old, "previous"));
      await rename(temp, out);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temp, out);
    }
    return result;
  } catch (e) {
    await rm(temp, { recursive: true, force: true });
    if (e instanceof ConvertError) throw e;
    throw new ConvertError("WRITE_FAILED", `writing ${out} failed: ${(e as Error).message}`, { cause: e });
  } finally {
    release();
  }
}
