import { ConvertError } from "../errors.js";
import { PickleTuple, type UnpicklerHooks } from "./values.js";

/** Largest LONG1/LONG4 accepted: torch pickles only hold small integers (the legacy magic number is 10 bytes). */
const MAX_LONG_BYTES = 64;

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

function invalid(message: string, offset: number): ConvertError {
  return new ConvertError("PICKLE_INVALID", `pickle: ${message} (at byte ${offset})`);
}

/** Little-endian two's complement integer as a number when it is exact, else a bigint. */
function decodeLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] as number);
  if ((bytes[bytes.length - 1] as number) & 0x80) value -= 1n << BigInt(8 * bytes.length);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function parseDecimal(text: string, offset: number): number | bigint {
  const trimmed = text.endsWith("L") ? text.slice(0, -1) : text;
  if (!/^[+-]?\d{1,40}$/.test(trimmed))
    throw invalid(`bad integer literal ${JSON.stringify(text.slice(0, 40))}`, offset);
  const big = BigInt(trimmed);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/**
 * A pickle virtual machine that only builds data. It implements the opcodes of protocols 0-5 that carry plain
 * values (ints, floats, strings, bytes, tuples, lists, dicts, sets), the memo, marks, and hands every global,
 * call (REDUCE/NEWOBJ), BUILD and persistent id to `hooks`, which refuse what they do not know. The opcodes
 * that instantiate classes by name on their own (INST, OBJ, NEWOBJ_EX, EXT*) and out-of-band buffers are
 * refused. Every length is checked against the input before it is read, and each opcode consumes at least
 * one byte, so any input ends (in a value or a ConvertError) in time linear in its size.
 */
export function unpickle(bytes: Uint8Array, start: number, hooks: UnpicklerHooks): { value: unknown; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  let pos = start;

  const need = (n: number, what: string): void => {
    if (!Number.isSafeInteger(n) || n < 0 || pos + n > bytes.byteLength) {
      throw invalid(`${what} of ${n} bytes runs past the end of the data (truncated?)`, pos);
    }
  };
  const take = (n: number, what: string): Uint8Array => {
    need(n, what);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const u8 = (): number => {
    need(1, "operand");
    return bytes[pos++] as number;
  };
  const u16 = (): number => {
    need(2, "operand");
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = (): number => {
    need(4, "operand");
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const i32 = (): number => {
    need(4, "operand");
    const v = view.getInt32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = (): number => {
    need(8, "operand");
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`length ${v} is too large`, pos - 8);
    return Number(v);
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 4096) throw invalid("unterminated text operand", pos);
    const text = latin1.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  const text = (n: number): string => {
    const at = pos;
    try {
      return utf8.decode(take(n, "string"));
    } catch (e) {
      if (e instanceof ConvertError) throw e;
      throw invalid("string is not valid UTF-8", at);
    }
  };
  const pop = (): unknown => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= (marks[marks.length - 1] as number))) {
      throw invalid("stack underflow", pos - 1);
    }
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) throw invalid("stack underflow", pos - 1);
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const mark = marks.pop();
    if (mark === undefined) throw invalid("no MARK on the stack", pos - 1);
    return stack.splice(mark);
  };
  const memoGet = (index: number): unknown => {
    if (!memo.has(index)) throw invalid(`memo slot ${index} was never set`, pos - 1);
    return memo.get(index);
  };
  const memoPut = (index: number): void => {
    memo.set(index, top());
  };
  const asMap = (v: unknown, op: string): Map<unknown, unknown> => {
    if (!(v instanceof Map)) throw invalid(`${op} on a non-dict`, pos - 1);
    return v;
  };
  const asList = (v: unknown, op: string): unknown[] => {
    if (!Array.isArray(v)) throw invalid(`${op} on a non-list`, pos - 1);
    return v;
  };
  const asTuple = (v: unknown, op: string): PickleTuple => {
    if (!(v instanceof PickleTuple)) throw invalid(`${op} expects a tuple of arguments`, pos - 1);
    return v;
  };
  const setItems = (dict: Map<unknown, unknown>, items: unknown[]): void => {
    if (items.length % 2 !== 0) throw invalid("SETITEMS with an odd number of items", pos - 1);
    for (let i = 0; i < items.length; i += 2) dict.set(items[i], items[i + 1]);
  };

  for (;;) {
    const opOffset = pos;
    if (pos >= bytes.byteLength) throw invalid("data ended before STOP", pos);
    const op = bytes[pos++] as number;
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) throw new ConvertError("PICKLE_UNSUPPORTED", `pickle: protocol above 5 at byte ${opOffset}`);
        break;
      case 0x95: // FRAME: framing is only a hint for buffered readers
        u64();
        break;
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length !== 0)
          throw invalid(`STOP with ${stack.length} values on the stack`, opOffset);
        return { value: stack[0], end: pos };
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x30: // POP
        if (marks.length > 0 && stack.length === marks[marks.length - 1]) popMark();
        else pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
      case 0x8b: {
        // LONG4
        const n = op === 0x8a ? u8() : u32();
        if (n > MAX_LONG_BYTES)
          throw new ConvertError("PICKLE_UNSUPPORTED", `pickle: ${n}-byte integer at byte ${opOffset}`);
        stack.push(decodeLong(take(n, "integer")));
        break;
      }
      case 0x49: {
        // INT (text): "01"/"00" are protocol 0's True/False
        const t = line();
        stack.push(t === "01" ? true : t === "00" ? false : parseDecimal(t, opOffset));
        break;
      }
      case 0x4c: // LONG (text)
        stack.push(parseDecimal(line(), opOffset));
        break;
      case 0x47: // BINFLOAT (big-endian double)
        need(8, "float");
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x46: {
        // FLOAT (text)
        const t = line();
        const v = Number(t);
        if (t.trim() === "" || Number.isNaN(v))
          throw invalid(`bad float literal ${JSON.stringify(t.slice(0, 40))}`, opOffset);
        stack.push(v);
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(text(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text(u64()));
        break;
      case 0x54: // BINSTRING (py2 str)
        stack.push(latin1.decode(take(i32(), "string")));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(latin1.decode(take(u8(), "string")));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32(), "bytes").slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8(), "bytes").slice());
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64(), "bytes").slice());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new PickleTuple([]));
        break;
      case 0x85: // TUPLE1
        stack.push(new PickleTuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        const a = pop();
        stack.push(new PickleTuple([a, b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push(new PickleTuple([a, b, c]));
        break;
      }
      case 0x74: // TUPLE
        stack.push(new PickleTuple(popMark()));
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x61: {
        // APPEND
        const item = pop();
        asList(top(), "APPEND").push(item);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = asList(top(), "APPENDS");
        for (const item of items) list.push(item);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const dict = new Map<unknown, unknown>();
        setItems(dict, popMark());
        stack.push(dict);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        asMap(top(), "SETITEM").set(key, value);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(asMap(top(), "SETITEMS"), items);
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push(new Set());
        break;
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        const set = top();
        if (!(set instanceof Set)) throw invalid("ADDITEMS on a non-set", opOffset);
        for (const item of items) set.add(item);
        break;
      }
      case 0x91: // FROZENSET
        stack.push(new Set(popMark()));
        break;
      case 0x68: // BINGET
        stack.push(memoGet(u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memoGet(u32()));
        break;
      case 0x67: // GET (text)
        stack.push(memoGet(Number(parseDecimal(line(), opOffset))));
        break;
      case 0x71: // BINPUT
        memoPut(u8());
        break;
      case 0x72: // LONG_BINPUT
        memoPut(u32());
        break;
      case 0x70: // PUT (text)
        memoPut(Number(parseDecimal(line(), opOffset)));
        break;
      case 0x94: // MEMOIZE
        memoPut(memo.size);
        break;
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        const name = line();
        stack.push(hooks.findClass(module, name));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string")
          throw invalid("STACK_GLOBAL needs two strings", opOffset);
        stack.push(hooks.findClass(module, name));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = asTuple(pop(), "REDUCE");
        const callable = pop();
        stack.push(hooks.reduce(callable, args));
        break;
      }
      case 0x81: {
        // NEWOBJ
        const args = asTuple(pop(), "NEWOBJ");
        const cls = pop();
        stack.push(hooks.newObject(cls, args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const obj = pop();
        stack.push(hooks.build(obj, state));
        break;
      }
      case 0x51: // BINPERSID
        stack.push(hooks.persistentLoad(pop()));
        break;
      case 0x50: // PERSID (text id)
        stack.push(hooks.persistentLoad(line()));
        break;
      case 0x69: // INST
      case 0x6f: // OBJ
      case 0x92: // NEWOBJ_EX
      case 0x82: // EXT1
      case 0x83: // EXT2
      case 0x84: // EXT4
      case 0x97: // NEXT_BUFFER
      case 0x98: // READONLY_BUFFER
      case 0x53: // STRING (quoted text)
      case 0x56: // UNICODE (raw-unicode-escape)
        throw new ConvertError(
          "PICKLE_UNSUPPORTED",
          `pickle: opcode 0x${op.toString(16)} at byte ${opOffset} is not used by torch state dicts and is refused`,
        );
      default:
        throw invalid(`unknown opcode 0x${op.toString(16)}`, opOffset);
    }
  }
}
