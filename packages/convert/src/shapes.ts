import { ConvertError, type ConvertErrorCode } from "./errors.js";

/** Number of elements of `shape`, refusing products that are not exact integers (corrupt headers). */
export function shapeSize(
  shape: readonly number[],
  label: string,
  code: ConvertErrorCode = "SAFETENSORS_TENSOR",
): number {
  let size = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new ConvertError(code, `${label}: invalid dimension ${d}`);
    size *= d;
    if (!Number.isSafeInteger(size)) throw new ConvertError(code, `${label}: shape [${shape.join(", ")}] is too large`);
  }
  return size;
}
