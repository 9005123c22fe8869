import { ConvertError } from "../errors.js";
import { looksLikeLegacyTorch, readTorchLegacy } from "./pytorch-legacy.js";
import { readTorchZip, ZIP_MAGIC } from "./pytorch-zip.js";
import type { TorchTensors } from "./torch-tensors.js";

export type PytorchFormat = "pytorch-zip" | "pytorch-legacy";

export function detectPytorchFormat(bytes: Uint8Array): PytorchFormat {
  if (ZIP_MAGIC.every((b, i) => bytes[i] === b)) return "pytorch-zip";
  if (looksLikeLegacyTorch(bytes)) return "pytorch-legacy";
  const tar = bytes.byteLength > 262 && new TextDecoder().decode(bytes.subarray(257, 262)) === "ustar";
  throw new ConvertError(
    "BAD_MAGIC",
    tar
      ? "pytorch checkpoint: the tar format of torch < 0.4 is not supported"
      : "pytorch checkpoint: neither a zip archive (torch >= 1.6) nor a legacy torch pickle (bad magic bytes)",
  );
}

/**
 * Reads a `pytorch_model.bin` state dict, zip (torch >= 1.6) or legacy (torch < 1.6), without executing
 * anything from the file. Tied names stored once share one WeightTensor.
 */
export function readPytorchCheckpoint(
  bytes: Uint8Array,
  options: { keepFloat16?: boolean } = {},
): TorchTensors & { format: PytorchFormat } {
  const format = detectPytorchFormat(bytes);
  const read = format === "pytorch-zip" ? readTorchZip(bytes, options) : readTorchLegacy(bytes, options);
  return { ...read, format };
}
