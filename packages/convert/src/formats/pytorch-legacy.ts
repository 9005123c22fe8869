import { sourceDTypeBytes } from "../dtypes.js";
import { ConvertError } from "../errors.js";
import { unpickleStateDict } from "../pickle/torch-pickle.js";
import { unpickle } from "../pickle/unpickler.js";
import { describeValue, type UnpicklerHooks } from "../pickle/values.js";
import { materializeTensors, type TorchTensors } from "./torch-tensors.js";

/** torch.serialization's MAGIC_NUMBER and PROTOCOL_VERSION for the pre-1.6 format. */
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;

/** The header pickles hold plain values only: any global there is refused like in the state dict. */
const PLAIN_DATA_HOOKS: UnpicklerHooks = {
  findClass(module, name) {
    throw new ConvertError(
      "PICKLE_FORBIDDEN_GLOBAL",
      `legacy checkpoint header names the global ${module}.${name}; refusing it`,
    );
  },
  reduce() {
    throw new ConvertError("PICKLE_UNSUPPORTED", "legacy checkpoint header contains a call");
  },
  newObject() {
    throw new ConvertError("PICKLE_UNSUPPORTED", "legacy checkpoint header contains an object");
  },
  build() {
    throw new ConvertError("PICKLE_UNSUPPORTED", "legacy checkpoint header contains an object state");
  },
  persistentLoad() {
    throw new ConvertError("PICKLE_UNSUPPORTED", "legacy checkpoint header contains a persistent id");
  },
};

function legacyError(message: string): ConvertError {
  return new ConvertError("TORCH_INVALID", `legacy pytorch checkpoint: ${message}`);
}

/** Quick check used for format detection: the file opens with the pickled legacy magic number. */
export function looksLikeLegacyTorch(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x80) return false;
  try {
    return BigInt(unpickle(bytes.subarray(0, 64), 0, PLAIN_DATA_HOOKS).value as bigint) === LEGACY_MAGIC;
  } catch {
    return false;
  }
}

/**
 * torch < 1.6 checkpoints (allenai's 2020 Longformers): five pickles back to back (magic number, protocol
 * version, sys info, the state dict, the list of storage keys), then each storage as an int64 element count
 * followed by its raw little-endian elements, in the order of the key list.
 */
export function readTorchLegacy(bytes: Uint8Array, options: { keepFloat16?: boolean } = {}): TorchTensors {
  const magic = unpickle(bytes, 0, PLAIN_DATA_HOOKS);
  if (typeof magic.value !== "bigint" || magic.value !== LEGACY_MAGIC) {
    throw new ConvertError("BAD_MAGIC", "legacy pytorch checkpoint: wrong magic number");
  }
  const protocol = unpickle(bytes, magic.end, PLAIN_DATA_HOOKS);
  if (protocol.value !== LEGACY_PROTOCOL)
    throw legacyError(`protocol version ${describeValue(protocol.value)}, expected ${LEGACY_PROTOCOL}`);
  const sysInfo = unpickle(bytes, protocol.end, PLAIN_DATA_HOOKS);
  if (!(sysInfo.value instanceof Map)) throw legacyError("sys info is not a dict");
  if (sysInfo.value.get("little_endian") === false) throw legacyError("big-endian checkpoints are not supported");

  const { tensors, storages, end } = unpickleStateDict(bytes, sysInfo.end, true);
  const keyList = unpickle(bytes, end, PLAIN_DATA_HOOKS);
  if (!Array.isArray(keyList.value) || !keyList.value.every((k) => typeof k === "string")) {
    throw legacyError("storage key list is not a list of strings");
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const raw = new Map<string, Uint8Array>();
  let pos = keyList.end;
  for (const key of keyList.value as string[]) {
    const storage = storages.get(key);
    if (!storage) throw legacyError(`storage ${key} is listed but no tensor uses it (its element size is unknown)`);
    if (raw.has(key)) throw legacyError(`storage ${key} is listed twice`);
    if (pos + 8 > bytes.byteLength) throw legacyError(`storage ${key} starts past the end of the file (truncated?)`);
    const numel = view.getBigInt64(pos, true);
    if (numel !== BigInt(storage.numel)) {
      throw legacyError(`storage ${key} holds ${numel} elements but the state dict says ${storage.numel}`);
    }
    const length = storage.numel * sourceDTypeBytes(storage.dtype);
    pos += 8;
    if (pos + length > bytes.byteLength)
      throw legacyError(`storage ${key} (${length} bytes) runs past the end of the file (truncated?)`);
    raw.set(key, bytes.subarray(pos, pos + length));
    pos += length;
  }
  return materializeTensors(
    tensors,
    (storage) => {
      const data = raw.get(storage.key);
      if (!data) throw legacyError(`storage ${storage.key} is used but missing from the key list`);
      return data;
    },
    options.keepFloat16 ?? false,
  );
}
