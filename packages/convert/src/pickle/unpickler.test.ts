import { describe, expect, it } from "vitest";
import { ConvertError, type ConvertErrorCode } from "../errors.js";
import { PickleWriter } from "../testing/builders.test-util.js";
import { unpickleStateDict } from "./torch-pickle.js";
import { unpickle } from "./unpickler.js";
import { PickleGlobal, type PickleTuple, type UnpicklerHooks } from "./values.js";

function caught(run: () => unknown): ConvertError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ConvertError);
    return e as ConvertError;
  }
  throw new Error("expected a ConvertError");
}

function expectCode(run: () => unknown, code: ConvertErrorCode, message?: RegExp): ConvertError {
  const e = caught(run);
  expect(e.code).toBe(code);
  if (message) expect(e.message).toMatch(message);
  return e;
}

/** Permissive hooks for plain-data tests (the torch allowlist is tested below). */
function recordingHooks(): UnpicklerHooks {
  return {
    findClass: (m, n) => new PickleGlobal(m, n),
    reduce: () => "called",
    newObject: () => "new",
    build: (o) => o,
    persistentLoad: (pid) => ({ pid }),
  };
}

describe("unpickle (plain data)", () => {
  it("decodes the value opcodes torch uses, with the memo", () => {
    const bytes = new PickleWriter()
      .proto(2)
      .emptyDict()
      .binput(0)
      .mark()
      .str("ints")
      .ints([0, 255, 256, 65535, 65536, -1, -(2 ** 31)])
      .str("long")
      .long(-(2n ** 70n))
      .str("safe long")
      .long(123456789012n)
      .str("float")
      .float(-0.25)
      .str("flags")
      .mark()
      .bool(true)
      .bool(false)
      .none()
      .tuple()
      .str("list")
      .emptyList()
      .mark()
      .str("é")
      .str("")
      .appends()
      .str("self")
      .binget(0)
      .setitems()
      .stop()
      .bytes();
    const { value, end } = unpickle(bytes, 0, recordingHooks());
    expect(end).toBe(bytes.byteLength);
    const dict = value as Map<string, unknown>;
    expect((dict.get("ints") as PickleTuple).items).toEqual([0, 255, 256, 65535, 65536, -1, -(2 ** 31)]);
    expect(dict.get("long")).toBe(-(2n ** 70n));
    expect(dict.get("safe long")).toBe(123456789012);
    expect(dict.get("float")).toBe(-0.25);
    expect((dict.get("flags") as PickleTuple).items).toEqual([true, false, null]);
    expect(dict.get("list")).toEqual(["é", ""]);
    expect(dict.get("self")).toBe(dict); // memo gives back the same object
  });

  it("reads a pickle that starts in the middle of a buffer and reports where it ended", () => {
    const a = new PickleWriter().proto(2).int(7).stop().bytes();
    const b = new PickleWriter().proto(2).str("x").stop().bytes();
    const both = Uint8Array.from([...a, ...b]);
    const first = unpickle(both, 0, recordingHooks());
    expect(first).toEqual({ value: 7, end: a.byteLength });
    expect(unpickle(both, first.end, recordingHooks()).value).toBe("x");
  });

  it("fails with PICKLE_INVALID on truncation, underflow, unset memo, unknown opcodes and a missing STOP", () => {
    const hooks = recordingHooks();
    const full = new PickleWriter().proto(2).str("hello").stop().bytes();
    for (let n = 0; n < full.byteLength; n++)
      expectCode(() => unpickle(full.subarray(0, n), 0, hooks), "PICKLE_INVALID");
    expectCode(
      () => unpickle(new PickleWriter().proto(2).tuple2().stop().bytes(), 0, hooks),
      "PICKLE_INVALID",
      /underflow/,
    );
    expectCode(
      () => unpickle(new PickleWriter().proto(2).binget(3).stop().bytes(), 0, hooks),
      "PICKLE_INVALID",
      /memo slot 3/,
    );
    expectCode(
      () => unpickle(new PickleWriter().proto(2).op(0xff).bytes(), 0, hooks),
      "PICKLE_INVALID",
      /unknown opcode 0xff/,
    );
    expectCode(
      () => unpickle(new PickleWriter().proto(2).int(1).int(2).stop().bytes(), 0, hooks),
      "PICKLE_INVALID",
      /STOP with 2/,
    );
    expectCode(
      () => unpickle(new PickleWriter().proto(2).tuple().stop().bytes(), 0, hooks),
      "PICKLE_INVALID",
      /no MARK/,
    );
    // A length prefix far beyond the data is refused before anything is allocated.
    expectCode(
      () => unpickle(Uint8Array.of(0x80, 2, 0x58, 0xff, 0xff, 0xff, 0x7f, 0x41), 0, hooks),
      "PICKLE_INVALID",
      /past the end/,
    );
  });

  it("refuses the opcodes that build objects on their own (INST, OBJ, NEWOBJ_EX, EXT*)", () => {
    for (const op of [0x69, 0x6f, 0x92, 0x82, 0x83, 0x84, 0x97]) {
      expectCode(
        () => unpickle(Uint8Array.of(0x80, 2, op, 0x2e), 0, recordingHooks()),
        "PICKLE_UNSUPPORTED",
        /refused/,
      );
    }
  });
});

describe("torch state-dict pickles: globals outside the allowlist are refused, never run", () => {
  const attacks: [string, string][] = [
    ["os", "system"],
    ["posix", "system"],
    ["builtins", "eval"],
    ["builtins", "exec"],
    ["builtins", "getattr"],
    ["__builtin__", "eval"],
    ["subprocess", "Popen"],
    ["torch", "load"],
    ["torch.storage", "_load_from_bytes"],
    ["numpy.core.multiarray", "_reconstruct"],
    ["collections", "defaultdict"],
  ];

  for (const [module, name] of attacks) {
    it(`refuses ${module}.${name} via GLOBAL and STACK_GLOBAL`, () => {
      // The classic payload: GLOBAL os.system, ("echo pwned",), REDUCE.
      const viaGlobal = new PickleWriter()
        .proto(2)
        .global(module, name)
        .mark()
        .str("echo pwned")
        .tuple()
        .reduce()
        .stop()
        .bytes();
      const e = expectCode(() => unpickleStateDict(viaGlobal, 0, false), "PICKLE_FORBIDDEN_GLOBAL");
      expect(e.message).toContain(`${module}.${name}`);
      const viaStack = new PickleWriter()
        .proto(4)
        .stackGlobal(module, name)
        .mark()
        .str("x")
        .tuple()
        .reduce()
        .stop()
        .bytes();
      expectCode(() => unpickleStateDict(viaStack, 0, false), "PICKLE_FORBIDDEN_GLOBAL");
    });
  }

  it("refuses at the moment the global is named, before any call could happen", () => {
    // A payload hidden inside an otherwise valid state dict, after a legitimate entry.
    const bytes = new PickleWriter()
      .proto(2)
      .global("collections", "OrderedDict")
      .emptyTuple()
      .reduce()
      .mark()
      .str("evil")
      .global("os", "system")
      .mark()
      .str("rm -rf /")
      .tuple()
      .reduce()
      .setitems()
      .stop()
      .bytes();
    const e = expectCode(() => unpickleStateDict(bytes, 0, false), "PICKLE_FORBIDDEN_GLOBAL");
    expect(e.message).toMatch(/nothing from the file is executed/);
  });

  it("refuses calling an allowed marker class and building unknown objects", () => {
    const callParameter = new PickleWriter()
      .proto(2)
      .global("torch.nn.parameter", "Parameter")
      .emptyTuple()
      .reduce()
      .stop()
      .bytes();
    expectCode(() => unpickleStateDict(callParameter, 0, false), "PICKLE_UNSUPPORTED", /cannot call/);
    const callStorage = new PickleWriter()
      .proto(2)
      .global("torch", "FloatStorage")
      .emptyTuple()
      .reduce()
      .stop()
      .bytes();
    expectCode(() => unpickleStateDict(callStorage, 0, false), "PICKLE_UNSUPPORTED", /cannot call/);
  });

  it("requires a dict of tensors at the top", () => {
    expectCode(
      () => unpickleStateDict(new PickleWriter().proto(2).emptyList().stop().bytes(), 0, false),
      "NOT_A_STATE_DICT",
      /list/,
    );
    const withString = new PickleWriter().proto(2).emptyDict().str("a").str("b").setitem().stop().bytes();
    expectCode(() => unpickleStateDict(withString, 0, false), "NOT_A_STATE_DICT", /"a" holds string/);
  });

  it("bounds nested _rebuild_from_type_v2 calls with a typed error (5,000 levels overflowed the stack)", () => {
    const depth = 5000;
    // The memo keeps it small, as in the reported 25 KB file: each level is MARK, two BINGETs, EMPTY_DICT, TUPLE.
    const w = new PickleWriter()
      .proto(2)
      .global("torch._tensor", "_rebuild_from_type_v2")
      .binput(0)
      .global("torch.nn.parameter", "Parameter")
      .binput(1)
      .op(0x30); // POP: the type stays in the memo only
    for (let i = 0; i < depth; i++) w.mark().binget(0).binget(1);
    w.emptyTuple();
    for (let i = 0; i < depth; i++) w.emptyDict().tuple();
    const bytes = w.reduce().stop().bytes();
    expect(bytes.byteLength).toBeLessThan(40_000);
    expectCode(() => unpickleStateDict(bytes, 0, false), "PICKLE_TOO_DEEP", /nested more than 16 levels/);
  });
});
