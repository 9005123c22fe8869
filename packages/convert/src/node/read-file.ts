import { open, stat } from "node:fs/promises";
import { ConvertError } from "../errors.js";
import type { ProgressCallback } from "../types.js";

const CHUNK = 16 * 1024 * 1024;

/** Reads a whole file into one exactly sized buffer, reporting progress per 16 MB chunk. */
export async function readFileBytes(path: string, onProgress?: ProgressCallback): Promise<Uint8Array> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (cause) {
    throw new ConvertError("NOT_FOUND", `cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  const out = new Uint8Array(size);
  const handle = await open(path, "r");
  try {
    let loaded = 0;
    while (loaded < size) {
      const { bytesRead } = await handle.read(out, loaded, Math.min(CHUNK, size - loaded), loaded);
      if (bytesRead === 0) throw new ConvertError("NOT_FOUND", `${path} shrank while being read`);
      loaded += bytesRead;
      onProgress?.({ phase: "read", unit: "bytes", loaded, total: size, file: path });
    }
  } finally {
    await handle.close();
  }
  return out;
}

export async function readJsonFile(path: string, code: "CONFIG_INVALID" | "MANIFEST_INVALID"): Promise<unknown> {
  const bytes = await readFileBytes(path);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new ConvertError(code, `${path} is not valid JSON (${(cause as Error).message})`, { cause });
  }
}
