import { type DecodedElements, decodeElements, type SourceDType, sourceDTypeBytes } from "../dtypes.js";
import { ConvertError } from "../errors.js";
import type { StorageRef, TensorRef } from "../pickle/torch-pickle.js";
import { shapeSize } from "../shapes.js";
import type { WeightMap, WeightTensor } from "../types.js";

type Data = WeightTensor["data"];

export interface TorchTensors {
  tensors: WeightMap;
  /** The storage dtype each tensor was saved with (before widening/narrowing). */
  sourceDtypes: Record<string, SourceDType>;
}

function torchInvalid(message: string): ConvertError {
  return new ConvertError("TORCH_INVALID", `pytorch checkpoint: ${message}`);
}

/** Copies a strided view into a new row-major array (transposed or sliced tensors). */
function gather(source: Data, offset: number, shape: number[], stride: number[], count: number): Data {
  const out = new (source.constructor as new (n: number) => Data)(count);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let src = offset;
  for (let i = 0; i < count; i++) {
    out[i] = source[src] as number;
    // Odometer increment over the multi-index, keeping `src` in step.
    for (let d = rank - 1; d >= 0; d--) {
      const next = (index[d] as number) + 1;
      if (next < (shape[d] as number)) {
        index[d] = next;
        src += stride[d] as number;
        break;
      }
      index[d] = 0;
      src -= (next - 1) * (stride[d] as number);
    }
  }
  return out;
}

function isRowMajor(shape: number[], stride: number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    // Strides of size-1 dimensions never matter (torch leaves arbitrary values there).
    if (shape[d] !== 1 && stride[d] !== expected) return false;
    expected *= shape[d] as number;
  }
  return true;
}

/**
 * True when two indices of the view can reach the same element (zero strides from `expand`, overlapping ones
 * from `as_strided`). Sorted by stride, each dimension of size > 1 must step past everything the smaller ones
 * span; this is the sufficient test torch applies, and every tensor `save` writes from a real module passes it.
 */
export function hasOverlappingStrides(shape: number[], stride: number[]): boolean {
  const dims = shape
    .map((size, d) => ({ size, stride: stride[d] as number }))
    .filter((dim) => dim.size > 1)
    .sort((a, b) => a.stride - b.stride);
  let span = 0; // largest offset the smaller-stride dimensions reach
  for (const dim of dims) {
    if (dim.stride <= span) return true;
    span += (dim.size - 1) * dim.stride;
  }
  return false;
}

/**
 * Turns TensorRefs into WeightTensors. Each storage is decoded once; tensors that are identical views of one
 * storage (tied weights saved once by torch) come back as the same WeightTensor object, so they stay shared.
 * Bounds are checked before anything is read; contiguous views share the decoded storage's memory.
 */
export function materializeTensors(
  tensors: Map<string, TensorRef>,
  storageBytes: (storage: StorageRef) => Uint8Array,
  keepFloat16: boolean,
): TorchTensors {
  const decoded = new Map<string, DecodedElements>();
  const views = new Map<string, WeightTensor>();
  const weights: WeightMap = new Map();
  const sourceDtypes: Record<string, SourceDType> = {};
  for (const [name, ref] of tensors) {
    const { storage, offset, shape, stride } = ref;
    sourceDtypes[name] = storage.dtype;
    const count = shapeSize(shape, `tensor "${name}"`, "TORCH_INVALID");
    let lastIndex = offset;
    for (let d = 0; d < shape.length; d++)
      if ((shape[d] as number) > 0) lastIndex += ((shape[d] as number) - 1) * (stride[d] as number);
    if (count > 0 && lastIndex >= storage.numel) {
      throw torchInvalid(
        `tensor "${name}" [${shape.join(", ")}] at offset ${offset} with stride [${stride.join(", ")}] reads element ${lastIndex} of storage ${storage.key} which has ${storage.numel}`,
      );
    }
    if (count > 0 && hasOverlappingStrides(shape, stride)) {
      // Only `expand`/`as_strided` make such views; state dicts never contain them, and a gather of one would
      // duplicate elements (or, with a corrupt stride, allocate without bound).
      throw torchInvalid(
        `tensor "${name}" [${shape.join(", ")}] has zero or overlapping strides [${stride.join(", ")}] (expand/as_strided views are refused)`,
      );
    }
    const viewKey = `${storage.key}|${offset}|${shape.join(",")}|${stride.join(",")}`;
    const existing = views.get(viewKey);
    if (existing) {
      weights.set(name, existing);
      continue;
    }
    let elements = decoded.get(storage.key);
    if (!elements) {
      const bytes = storageBytes(storage);
      const expected = storage.numel * sourceDTypeBytes(storage.dtype);
      if (bytes.byteLength !== expected) {
        throw torchInvalid(
          `storage ${storage.key} holds ${bytes.byteLength} bytes, expected ${storage.numel} x ${storage.dtype} = ${expected}`,
        );
      }
      elements = decodeElements(bytes, storage.dtype, keepFloat16, `storage ${storage.key} (tensor "${name}")`);
      decoded.set(storage.key, elements);
    }
    const data = isRowMajor(shape, stride)
      ? elements.data.subarray(offset, offset + count)
      : gather(elements.data, offset, shape, stride, count);
    const tensor: WeightTensor = { dtype: elements.dtype, shape: [...shape], data };
    views.set(viewKey, tensor);
    weights.set(name, tensor);
  }
  return { tensors: weights, sourceDtypes };
}
