import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { ConvertError } from "../errors.js";

/**
 * Runs `fill` on a fresh temporary directory beside `target`, then renames it into place: a reader sees either
 * no output or the complete output, and a failure (or a crash) never leaves a partial `target` behind.
 */
export async function writeDirectoryAtomically<T>(
  target: string,
  overwrite: boolean,
  fill: (tempDir: string) => Promise<T>,
): Promise<T> {
  const out = resolve(target);
  if (existsSync(out) && !overwrite) {
    throw new ConvertError("OUTPUT_EXISTS", `${out} already exists (pass overwrite / --force to replace it)`);
  }
  const parent = dirname(out);
  await mkdir(parent, { recursive: true });
  const temp = await mkdtemp(join(parent, `.${basename(out)}.tmp-`));
  try {
    const result = await fill(temp);
    if (existsSync(out)) {
      // Swap: move the old output aside first so the target name never points at a half-replaced directory.
      const old = await mkdtemp(join(parent, `.${basename(out)}.old-`));
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
  }
}
