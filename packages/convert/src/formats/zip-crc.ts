import CRC32 from "crc-32";
import { ConvertError } from "../errors.js";

const EOCD = 0x06054b50;
const ZIP64_EOCD_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;

function crcError(message: string): ConvertError {
  return new ConvertError("ZIP_INVALID", `pytorch zip checkpoint: ${message}`);
}

/**
 * Entry name -> CRC-32 as the zip's central directory records it (zip64 aware: torch writes zip64 records for
 * large checkpoints). fflate, which inflates the entries, does not report or check these, so a flipped byte in
 * a stored tensor would otherwise load as a silently different weight.
 */
export function centralDirectoryCrcs(bytes: Uint8Array): Map<string, number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let at = bytes.byteLength - 22; at >= Math.max(0, bytes.byteLength - 22 - 65535); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw crcError("no end-of-central-directory record");
  let entries = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (
    (entries === 0xffff || offset === 0xffffffff) &&
    eocd >= 20 &&
    view.getUint32(eocd - 20, true) === ZIP64_EOCD_LOCATOR
  ) {
    const record = Number(view.getBigUint64(eocd - 20 + 8, true));
    if (record + 56 > bytes.byteLength || view.getUint32(record, true) !== ZIP64_EOCD) {
      throw crcError("corrupt zip64 end-of-central-directory record");
    }
    entries = Number(view.getBigUint64(record + 32, true));
    offset = Number(view.getBigUint64(record + 48, true));
  }
  const crcs = new Map<string, number>();
  const decoder = new TextDecoder();
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== CENTRAL_HEADER) {
      throw crcError("corrupt central directory");
    }
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    if (offset + 46 + nameLength > bytes.byteLength) throw crcError("corrupt central directory");
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    crcs.set(name, view.getUint32(offset + 16, true));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return crcs;
}

/** Throws `ZIP_INVALID` naming the first extracted entry whose bytes do not match its recorded CRC-32. */
export function checkCrcs(files: Record<string, Uint8Array>, crcs: Map<string, number>): void {
  for (const [name, data] of Object.entries(files)) {
    const expected = crcs.get(name);
    if (expected === undefined) throw crcError(`entry ${name} is missing from the central directory`);
    const actual = CRC32.buf(data) >>> 0;
    if (actual !== expected) {
      throw crcError(
        `entry ${name} is corrupt: its CRC-32 is ${actual.toString(16).padStart(8, "0")}, the archive records ${expected.toString(16).padStart(8, "0")}`,
      );
    }
  }
}
