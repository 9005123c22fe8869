import { type UnzipFileInfo, unzipSync } from "fflate";
import { ConvertError } from "../errors.js";
import { unpickleStateDict } from "../pickle/torch-pickle.js";
import { materializeTensors, type TorchTensors } from "./torch-tensors.js";
import { centralDirectoryCrcs, checkCrcs } from "./zip-crc.js";

/** Smallest central-directory record: more entries than this allows means a corrupt count (fflate would loop). */
const MIN_CENTRAL_RECORD = 46;
/** deflate cannot expand data by more than this ratio (+ slack); a larger declared size is corrupt. */
const MAX_DEFLATE_RATIO = 1032;

export const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function zipError(message: string, cause?: unknown): ConvertError {
  return new ConvertError("ZIP_INVALID", `pytorch zip checkpoint: ${message}`, { cause });
}

/**
 * unzipSync on a filter, with the checks fflate leaves to its caller: entry count, sizes, methods, and every
 * extracted entry's CRC-32 against the central directory.
 */
function extract(bytes: Uint8Array, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  const maxEntries = Math.floor(bytes.byteLength / MIN_CENTRAL_RECORD);
  let seen = 0;
  const filter = (file: UnzipFileInfo): boolean => {
    if (++seen > maxEntries) throw zipError("central directory lists more entries than the file can hold");
    if (!wanted(file.name)) return false;
    if (file.compression !== 0 && file.compression !== 8)
      throw zipError(`entry ${file.name} uses compression method ${file.compression}`);
    const plausible =
      file.compression === 0
        ? file.originalSize === file.size
        : file.originalSize <= file.size * MAX_DEFLATE_RATIO + 1024;
    if (!plausible || file.size > bytes.byteLength) throw zipError(`entry ${file.name} declares impossible sizes`);
    return true;
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter });
  } catch (e) {
    if (e instanceof ConvertError) throw e;
    throw zipError(`cannot read the archive (${(e as Error).message})`, e);
  }
  checkCrcs(files, centralDirectoryCrcs(bytes));
  return files;
}

/**
 * torch >= 1.6 checkpoints: a zip holding `<archive>/data.pkl` (the state dict, storages as persistent ids)
 * and `<archive>/data/<key>` (raw little-endian storages).
 */
export function readTorchZip(bytes: Uint8Array, options: { keepFloat16?: boolean } = {}): TorchTensors {
  const meta = extract(bytes, (name) => /^[^/]+\/(data\.pkl|byteorder)$/.test(name));
  const pickles = Object.keys(meta).filter((name) => name.endsWith("/data.pkl"));
  if (pickles.length !== 1) throw zipError(`expected one <archive>/data.pkl, found ${pickles.length}`);
  const pickleName = pickles[0] as string;
  const prefix = pickleName.slice(0, -"data.pkl".length);
  const byteorder = meta[`${prefix}byteorder`];
  if (byteorder && new TextDecoder().decode(byteorder).trim() !== "little") {
    throw new ConvertError("TORCH_INVALID", "pytorch zip checkpoint: big-endian storages are not supported");
  }

  const { tensors, storages } = unpickleStateDict(meta[pickleName] as Uint8Array, 0, false);
  const wantedNames = new Set([...storages.keys()].map((key) => `${prefix}data/${key}`));
  const data = extract(bytes, (name) => wantedNames.has(name));
  return materializeTensors(
    tensors,
    (storage) => {
      const entry = data[`${prefix}data/${storage.key}`];
      if (!entry)
        throw new ConvertError("TORCH_INVALID", `pytorch zip checkpoint: storage data/${storage.key} is missing`);
      return entry;
    },
    options.keepFloat16 ?? false,
  );
}
