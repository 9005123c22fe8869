/** A Python tuple (kept apart from lists, which are plain arrays). */
export class PickleTuple {
  constructor(readonly items: unknown[]) {}
}

/** A global (`module.name`) the hooks agreed to name. Naming it runs nothing; only the hooks give it meaning. */
export class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}

  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

/**
 * What an unpickler needs from the outside world. The hooks decide which globals may be named and what
 * calling one means; anything they do not know must throw.
 */
export interface UnpicklerHooks {
  /** GLOBAL / STACK_GLOBAL: return a value standing for `module.name`, or throw to refuse it. */
  findClass(module: string, name: string): unknown;
  /** REDUCE: `callable(*args)` for a value returned by findClass. */
  reduce(callable: unknown, args: PickleTuple): unknown;
  /** NEWOBJ: `cls.__new__(cls, *args)`. */
  newObject(cls: unknown, args: PickleTuple): unknown;
  /** BUILD: `obj.__setstate__(state)`; returns the object left on the stack. */
  build(obj: unknown, state: unknown): unknown;
  /** BINPERSID: the object a persistent id stands for. */
  persistentLoad(pid: unknown): unknown;
}

export function describeValue(v: unknown): string {
  if (v === null) return "None";
  if (v instanceof PickleTuple) return `tuple of ${v.items.length}`;
  if (v instanceof PickleGlobal) return `global ${v.qualifiedName}`;
  if (Array.isArray(v)) return `list of ${v.length}`;
  if (v instanceof Map) return `dict of ${v.size}`;
  if (v instanceof Uint8Array) return `bytes of ${v.byteLength}`;
  if (typeof v === "object") return v.constructor?.name ?? "object";
  return `${typeof v} ${String(v).slice(0, 40)}`;
}
