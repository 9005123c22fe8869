import { zipSync } from "fflate";

/**
 * Writers for small checkpoints built inside tests: safetensors files, pickles (opcode by opcode, so a test
 * can also write what torch never would: forbidden globals, broken stacks), torch zip and legacy files.
 */

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

export function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
}

export interface SafetensorsInput {
  name: string;
  dtype: string;
  shape: number[];
  data: Uint8Array;
}

/** A safetensors file; `header` lets a test replace the JSON (to write invalid ones). */
export function buildSafetensors(
  tensors: SafetensorsInput[],
  options: { metadata?: Record<string, string>; header?: string; alignHeader?: boolean } = {},
): Uint8Array {
  const header: Record<string, unknown> = options.metadata ? { __metadata__: options.metadata } : {};
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = options.header ?? JSON.stringify(header);
  if (options.alignHeader ?? true) while ((8 + json.length) % 8 !== 0) json += " ";
  const headerBytes = new TextEncoder().encode(json);
  const length = new Uint8Array(8);
  new DataView(length.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  return concat([length, headerBytes, ...tensors.map((t) => t.data)]);
}

/** Emits pickle opcodes; the methods mirror the opcode names. */
export class PickleWriter {
  private readonly out: number[] = [];

  op(...bytes: number[]): this {
    this.out.push(...bytes);
    return this;
  }
  proto(v = 2): this {
    return this.op(0x80, v);
  }
  stop(): this {
    return this.op(0x2e);
  }
  mark(): this {
    return this.op(0x28);
  }
  none(): this {
    return this.op(0x4e);
  }
  bool(v: boolean): this {
    return this.op(v ? 0x88 : 0x89);
  }
  int(v: number): this {
    if (v >= 0 && v < 256) return this.op(0x4b, v);
    if (v >= 0 && v < 65536) return this.op(0x4d, v & 0xff, v >> 8);
    if (v >= -(2 ** 31) && v < 2 ** 31)
      return this.op(0x4a, v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
    return this.long(BigInt(v));
  }
  long(v: bigint): this {
    // Minimal little-endian two's complement, as Python's encode_long.
    if (v === 0n) return this.op(0x8a, 0);
    const bytes: number[] = [];
    let x = v;
    for (;;) {
      const byte = Number(x & 0xffn);
      bytes.push(byte);
      x >>= 8n;
      if ((x === 0n && !(byte & 0x80)) || (x === -1n && byte & 0x80)) break;
    }
    return this.op(0x8a, bytes.length, ...bytes);
  }
  float(v: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, false);
    return this.op(0x47, ...b);
  }
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    const n = b.byteLength;
    return this.op(0x58, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24, ...b);
  }
  /** GLOBAL "module\nname\n". */
  global(module: string, name: string): this {
    return this.op(0x63, ...new TextEncoder().encode(`${module}\n${name}\n`));
  }
  stackGlobal(module: string, name: string): this {
    return this.str(module).str(name).op(0x93);
  }
  emptyTuple(): this {
    return this.op(0x29);
  }
  tuple(): this {
    return this.op(0x74);
  }
  tuple2(): this {
    return this.op(0x86);
  }
  emptyDict(): this {
    return this.op(0x7d);
  }
  emptyList(): this {
    return this.op(0x5d);
  }
  setitem(): this {
    return this.op(0x73);
  }
  setitems(): this {
    return this.op(0x75);
  }
  appends(): this {
    return this.op(0x65);
  }
  reduce(): this {
    return this.op(0x52);
  }
  build(): this {
    return this.op(0x62);
  }
  binpersid(): this {
    return this.op(0x51);
  }
  binput(i: number): this {
    return this.op(0x71, i);
  }
  binget(i: number): this {
    return this.op(0x68, i);
  }
  /** A tuple of small ints from a MARK. */
  ints(values: number[]): this {
    this.mark();
    for (const v of values) this.int(v);
    return this.tuple();
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

export interface TorchTensorInput {
  name: string;
  storage: { key: string; type: string; numel: number };
  offset: number;
  shape: number[];
  stride: number[];
  /** Legacy view metadata: (view key, offset, size). */
  view?: [string, number, number];
  /** Wrap in torch._utils._rebuild_parameter (as a saved nn.Parameter). */
  parameter?: boolean;
}

/** The state-dict pickle torch writes: OrderedDict of _rebuild_tensor_v2(persistent storage, offset, size, stride, ...). */
export function torchStateDictPickle(tensors: TorchTensorInput[], legacy: boolean): Uint8Array {
  const w = new PickleWriter().proto(2).global("collections", "OrderedDict").emptyTuple().reduce().mark();
  for (const t of tensors) {
    w.str(t.name);
    if (t.parameter) w.global("torch._utils", "_rebuild_parameter").mark();
    w.global("torch._utils", "_rebuild_tensor_v2").mark();
    w.mark().str("storage").global("torch", t.storage.type).str(t.storage.key).str("cpu").int(t.storage.numel);
    if (legacy) {
      if (t.view) w.mark().str(t.view[0]).int(t.view[1]).int(t.view[2]).tuple();
      else w.none();
    }
    w.tuple().binpersid();
    w.int(t.offset).ints(t.shape).ints(t.stride).bool(false).global("collections", "OrderedDict").emptyTuple().reduce();
    w.tuple().reduce();
    if (t.parameter) w.bool(true).global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
  }
  return w.setitems().stop().bytes();
}

/** A torch >= 1.6 checkpoint: `<prefix>/data.pkl`, `<prefix>/data/<key>`, `<prefix>/version` (stored, uncompressed). */
export function buildTorchZip(
  pickle: Uint8Array,
  storages: Record<string, Uint8Array>,
  options: { prefix?: string; byteorder?: string } = {},
): Uint8Array {
  const prefix = options.prefix ?? "archive";
  const files: Record<string, Uint8Array> = { [`${prefix}/data.pkl`]: pickle };
  if (options.byteorder) files[`${prefix}/byteorder`] = new TextEncoder().encode(options.byteorder);
  for (const [key, data] of Object.entries(storages)) files[`${prefix}/data/${key}`] = data;
  files[`${prefix}/version`] = new TextEncoder().encode("3\n");
  return zipSync(files, { level: 0 });
}

/** A torch < 1.6 checkpoint: magic, protocol, sys info, state dict, key list, then each storage (int64 numel + bytes). */
export function buildTorchLegacy(
  pickle: Uint8Array,
  storages: { key: string; numel: number; data: Uint8Array }[],
  options: { magic?: bigint; protocol?: number; littleEndian?: boolean } = {},
): Uint8Array {
  const magic = new PickleWriter()
    .proto(2)
    .long(options.magic ?? 0x1950a86a20f9469cfc6cn)
    .stop()
    .bytes();
  const protocol = new PickleWriter()
    .proto(2)
    .int(options.protocol ?? 1001)
    .stop()
    .bytes();
  const sysInfo = new PickleWriter()
    .proto(2)
    .emptyDict()
    .mark()
    .str("protocol_version")
    .int(1001)
    .str("little_endian")
    .bool(options.littleEndian ?? true)
    .setitems()
    .stop()
    .bytes();
  const keys = new PickleWriter().proto(2).emptyList().mark();
  for (const s of storages) keys.str(s.key);
  const keyList = keys.appends().stop().bytes();
  const raw = storages.flatMap((s) => {
    const n = new Uint8Array(8);
    new DataView(n.buffer).setBigInt64(0, BigInt(s.numel), true);
    return [n, s.data];
  });
  return concat([magic, protocol, sysInfo, pickle, keyList, ...raw]);
}
