import type { SourceDType } from "../dtypes.js";
import { ConvertError } from "../errors.js";
import { unpickle } from "./unpickler.js";
import { describeValue, PickleGlobal, PickleTuple, type UnpicklerHooks } from "./values.js";

/** A storage named by a persistent id: where the raw elements live and how many there are. */
export interface StorageRef {
  key: string;
  dtype: SourceDType;
  /** Elements in the root storage. */
  numel: number;
  /** Legacy format views: elements to skip in the root storage. */
  viewOffset: number;
}

/** A tensor as `torch._utils._rebuild_tensor_v2` describes it: a strided view of a storage. */
export interface TensorRef {
  storage: StorageRef;
  offset: number;
  shape: number[];
  stride: number[];
}

const STORAGE_DTYPES: Record<string, SourceDType> = {
  FloatStorage: "F32",
  DoubleStorage: "F64",
  HalfStorage: "F16",
  BFloat16Storage: "BF16",
  LongStorage: "I64",
  IntStorage: "I32",
  ShortStorage: "I16",
  CharStorage: "I8",
  ByteStorage: "U8",
  BoolStorage: "BOOL",
};

/** Callables torch writes into a state dict; each is interpreted below, none is ever looked up or run. */
const CALLABLES = new Set([
  "collections.OrderedDict",
  "torch._utils._rebuild_tensor",
  "torch._utils._rebuild_tensor_v2",
  "torch._utils._rebuild_parameter",
  "torch._utils._rebuild_parameter_with_state",
  "torch._tensor._rebuild_from_type_v2",
  "torch.Size",
  "_codecs.encode",
]);

/** Names that may appear as arguments (the tensor type passed to `_rebuild_from_type_v2`) but are never called. */
const MARKERS = new Set(["torch.nn.parameter.Parameter", "torch.Tensor", "torch._tensor.Tensor"]);

/**
 * How many `_rebuild_from_type_v2` calls may wrap one another. torch writes one (a Parameter around a plain
 * rebuild); the interpretation recurses per level, so a crafted 25 KB pickle nesting thousands of them
 * overflowed the stack with an untyped RangeError.
 */
export const MAX_REBUILD_NESTING = 16;

export const ALLOWED_GLOBALS_DESCRIPTION =
  "collections.OrderedDict, torch._utils._rebuild_tensor[_v2], torch._utils._rebuild_parameter[_with_state], " +
  "torch._tensor._rebuild_from_type_v2, torch.Size, torch[.cuda].*Storage, _codecs.encode";

function storageDType(global: PickleGlobal): SourceDType | undefined {
  if (global.module !== "torch" && global.module !== "torch.cuda") return undefined;
  return Object.hasOwn(STORAGE_DTYPES, global.name) ? STORAGE_DTYPES[global.name] : undefined;
}

function torchInvalid(message: string): ConvertError {
  return new ConvertError("TORCH_INVALID", `pytorch checkpoint: ${message}`);
}

function asCount(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0)
    throw torchInvalid(`${what} is ${describeValue(v)}, not a count`);
  return v;
}

function asCounts(v: unknown, what: string): number[] {
  if (!(v instanceof PickleTuple) && !Array.isArray(v))
    throw torchInvalid(`${what} is ${describeValue(v)}, not a tuple`);
  const items = v instanceof PickleTuple ? v.items : v;
  return items.map((d, i) => asCount(d, `${what}[${i}]`));
}

function isTensorRef(v: unknown): v is TensorRef {
  return typeof v === "object" && v !== null && "storage" in v && "stride" in v;
}

function isStorageRef(v: unknown): v is StorageRef {
  return typeof v === "object" && v !== null && "key" in v && "viewOffset" in v;
}

/**
 * The restricted half of the unpickler: which globals a torch state dict may name and what they build.
 * Storages are collected by key; a key seen with two dtypes is refused.
 */
export class TorchPickleHooks implements UnpicklerHooks {
  readonly storages = new Map<string, StorageRef>();

  constructor(private readonly legacy: boolean) {}

  findClass(module: string, name: string): unknown {
    const global = new PickleGlobal(module, name);
    const qualified = global.qualifiedName;
    if (CALLABLES.has(qualified) || MARKERS.has(qualified) || storageDType(global)) return global;
    throw new ConvertError(
      "PICKLE_FORBIDDEN_GLOBAL",
      `pickle names the global ${qualified}, which a torch state dict never contains; refusing to load it (nothing from the file is executed; allowed: ${ALLOWED_GLOBALS_DESCRIPTION})`,
    );
  }

  reduce(callable: unknown, args: PickleTuple, nesting = 0): unknown {
    if (!(callable instanceof PickleGlobal) || !CALLABLES.has(callable.qualifiedName)) {
      throw new ConvertError("PICKLE_UNSUPPORTED", `pickle: cannot call ${describeValue(callable)}`);
    }
    const a = args.items;
    switch (callable.qualifiedName) {
      case "collections.OrderedDict": {
        const dict = new Map<unknown, unknown>();
        if (a.length === 0) return dict;
        const items = a[0];
        if (a.length !== 1 || !Array.isArray(items)) throw torchInvalid("OrderedDict called with unexpected arguments");
        for (const pair of items) {
          if (!(pair instanceof PickleTuple) || pair.items.length !== 2)
            throw torchInvalid("OrderedDict item is not a pair");
          dict.set(pair.items[0], pair.items[1]);
        }
        return dict;
      }
      case "torch._utils._rebuild_tensor":
      case "torch._utils._rebuild_tensor_v2":
        return this.rebuildTensor(a);
      case "torch._utils._rebuild_parameter":
      case "torch._utils._rebuild_parameter_with_state": {
        const data = a[0];
        if (!isTensorRef(data)) throw torchInvalid(`parameter data is ${describeValue(data)}`);
        return data;
      }
      case "torch._tensor._rebuild_from_type_v2": {
        // (func, new_type, args, state): tensor subclasses (Parameter) wrap an ordinary rebuild call.
        const [func, newType, innerArgs] = a;
        if (!(newType instanceof PickleGlobal) || !MARKERS.has(newType.qualifiedName)) {
          throw torchInvalid(`_rebuild_from_type_v2 with type ${describeValue(newType)}`);
        }
        if (!(innerArgs instanceof PickleTuple)) throw torchInvalid("_rebuild_from_type_v2 without an argument tuple");
        if (nesting >= MAX_REBUILD_NESTING) {
          throw new ConvertError(
            "PICKLE_TOO_DEEP",
            `pickle: _rebuild_from_type_v2 nested more than ${MAX_REBUILD_NESTING} levels deep (torch writes one)`,
          );
        }
        return this.reduce(func, innerArgs, nesting + 1);
      }
      case "torch.Size":
        if (a.length !== 1 || !(a[0] instanceof PickleTuple))
          throw torchInvalid("torch.Size called with unexpected arguments");
        return a[0];
      case "_codecs.encode": {
        // Protocol 2 spells bytes objects as _codecs.encode(latin-1 text, "latin1").
        const [value, encoding] = a;
        if (typeof value !== "string" || (encoding !== "latin1" && encoding !== "latin-1")) {
          throw torchInvalid("_codecs.encode with unexpected arguments");
        }
        return Uint8Array.from(value, (ch) => ch.charCodeAt(0) & 0xff);
      }
      default:
        throw new ConvertError("PICKLE_UNSUPPORTED", `pickle: cannot call ${callable.qualifiedName}`);
    }
  }

  newObject(cls: unknown, args: PickleTuple): unknown {
    if (cls instanceof PickleGlobal && cls.qualifiedName === "torch.Size") return this.reduce(cls, args);
    throw new ConvertError("PICKLE_UNSUPPORTED", `pickle: cannot instantiate ${describeValue(cls)}`);
  }

  build(obj: unknown, _state: unknown): unknown {
    // OrderedDict carries `_metadata` (module versions) and Parameters a `__dict__`: attributes, not weights.
    if (obj instanceof Map || isTensorRef(obj)) return obj;
    throw new ConvertError("PICKLE_UNSUPPORTED", `pickle: cannot set the state of ${describeValue(obj)}`);
  }

  persistentLoad(pid: unknown): unknown {
    if (!(pid instanceof PickleTuple) || pid.items[0] !== "storage") {
      throw torchInvalid(`persistent id ${describeValue(pid)} is not a storage reference`);
    }
    const [, storageType, key, , size, viewMetadata] = pid.items;
    const expectedLength = this.legacy ? 6 : 5;
    if (pid.items.length !== expectedLength) {
      throw torchInvalid(`storage reference has ${pid.items.length} fields, expected ${expectedLength}`);
    }
    const dtype = storageType instanceof PickleGlobal ? storageDType(storageType) : undefined;
    if (!dtype)
      throw new ConvertError("UNSUPPORTED_DTYPE", `pytorch checkpoint: storage type ${describeValue(storageType)}`);
    if (typeof key !== "string") throw torchInvalid(`storage key is ${describeValue(key)}`);
    const numel = asCount(size, `size of storage ${key}`);
    const known = this.storages.get(key);
    if (known && (known.dtype !== dtype || known.numel !== numel)) {
      throw torchInvalid(`storage ${key} is referenced as ${known.dtype}[${known.numel}] and as ${dtype}[${numel}]`);
    }
    const root: StorageRef = known ?? { key, dtype, numel, viewOffset: 0 };
    this.storages.set(key, root);
    if (viewMetadata === null || viewMetadata === undefined) return root;
    // Legacy views: (view_key, offset, view_size) into the root storage.
    if (!(viewMetadata instanceof PickleTuple) || viewMetadata.items.length !== 3) {
      throw torchInvalid(`storage ${key} has malformed view metadata`);
    }
    const offset = asCount(viewMetadata.items[1], `view offset in storage ${key}`);
    const viewSize = asCount(viewMetadata.items[2], `view size in storage ${key}`);
    if (offset + viewSize > numel)
      throw torchInvalid(`view ${offset}+${viewSize} past the end of storage ${key} (${numel})`);
    return { ...root, viewOffset: offset };
  }

  private rebuildTensor(a: unknown[]): TensorRef {
    const [storage, offset, size, stride] = a;
    if (a.length < 4 || !isStorageRef(storage))
      throw torchInvalid(`tensor rebuilt from ${describeValue(storage)}, not a storage`);
    const shape = asCounts(size, "tensor size");
    const strides = asCounts(stride, "tensor stride");
    if (shape.length !== strides.length)
      throw torchInvalid(`tensor size has ${shape.length} dims but stride ${strides.length}`);
    return { storage, offset: asCount(offset, "storage offset") + storage.viewOffset, shape, stride: strides };
  }
}

/** Unpickles a torch state dict (name -> TensorRef) with the restricted hooks. */
export function unpickleStateDict(
  bytes: Uint8Array,
  start: number,
  legacy: boolean,
): { tensors: Map<string, TensorRef>; storages: Map<string, StorageRef>; end: number } {
  const hooks = new TorchPickleHooks(legacy);
  const { value, end } = unpickle(bytes, start, hooks);
  if (!(value instanceof Map)) {
    throw new ConvertError(
      "NOT_A_STATE_DICT",
      `pytorch checkpoint holds ${describeValue(value)}, not a state dict (name -> tensor)`,
    );
  }
  const tensors = new Map<string, TensorRef>();
  for (const [name, tensor] of value) {
    if (typeof name !== "string")
      throw new ConvertError("NOT_A_STATE_DICT", `state dict key ${describeValue(name)} is not a string`);
    if (!isTensorRef(tensor)) {
      throw new ConvertError(
        "NOT_A_STATE_DICT",
        `state dict entry "${name}" holds ${describeValue(tensor)}, not a tensor`,
      );
    }
    tensors.set(name, tensor);
  }
  return { tensors, storages: hooks.storages, end };
}
