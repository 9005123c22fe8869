import { SIMD_WASM_BASE64 } from "./simd-wasm-bytes.js";

/**
 * The module's exports as compiled from src/wat: positional byte offsets and counts. Internal: callers use the
 * wrappers in src/ops, which take named arguments and check the block sizes each export relies on.
 */
export interface SimdExports {
  scaleRows(src: number, srcRow: number, rows: number, cols: number, div: number, dst: number, dstRow: number): void;
  transpose(src: number, srcRow: number, rows: number, cols: number, dst: number, dstRow: number): void;
  attendHead(
    qs: number,
    kt: number,
    ktRow: number,
    kbias: number,
    kg: number,
    gbias: number,
    Gp: number,
    vh: number,
    vg: number,
    L: number,
    Lq: number,
    w: number,
    nb: number,
    D: number,
    Dp: number,
    s: number,
    sStep: number,
    vRow: number,
    out: number,
    outRow: number,
  ): void;
  softmaxRows(s: number, sRow: number, rows: number, cols: number, bias: number): void;
  matmul(
    a: number,
    aRow: number,
    b: number,
    bRow: number,
    c: number,
    cRow: number,
    M: number,
    N: number,
    K: number,
  ): void;
  gelu(src: number, dst: number, n: number): void;
  addLayerNorm(
    x: number,
    res: number,
    gamma: number,
    beta: number,
    out: number,
    rows: number,
    cols: number,
    eps: number,
  ): void;
}

/** An instance of the SIMD module and the memory it works in (its own, or tfjs-wasm's heap). */
export interface SimdInstance {
  /** The raw exports (positional numbers): call the op wrappers (`bandCore`, `matmul`, ...) instead. */
  exports: SimdExports;
  memory: WebAssembly.Memory;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * On a browser's main thread, starts compiling the module in the background as soon as this file loads: older
 * Chrome versions (114 and earlier, at least) refuse synchronous compilation of modules over 4 KB there, and a
 * model's weights take far longer to arrive than this takes. Until it is ready, callers take their fallbacks
 * (attention's `auto` runs the JS core). Node and workers compile synchronously on first use, so they do not pay
 * for a second compilation.
 */
if (typeof document !== "undefined" && typeof WebAssembly !== "undefined") {
  WebAssembly.compile(decodeBase64(SIMD_WASM_BASE64)).then(
    (module) => {
      compiled ??= module;
    },
    () => {
      // no WebAssembly SIMD, or a Content-Security-Policy forbidding compilation: compiledModule() says so
    },
  );
}

/** The compiled module, or `null` when this engine cannot run it (no WebAssembly SIMD, compilation forbidden). */
function compiledModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  if (typeof WebAssembly === "undefined") return null;
  const bytes = decodeBase64(SIMD_WASM_BASE64);
  if (!WebAssembly.validate(bytes)) {
    compiled = null; // no WebAssembly SIMD
    return compiled;
  }
  try {
    compiled = new WebAssembly.Module(bytes);
  } catch {
    // Synchronous compilation refused (an older browser's main thread: the background compile above will
    // land) or forbidden (a Content-Security-Policy without 'wasm-unsafe-eval'): the fallbacks run meanwhile.
    return null;
  }
  return compiled;
}

const instances = new WeakMap<WebAssembly.Memory, SimdInstance | null>();

/**
 * The module instantiated on `memory` (e.g. tfjs-wasm's heap, to work on tensors in place), once per memory.
 * `null` when the engine lacks WebAssembly SIMD or the memory cannot be imported (a shared memory).
 */
export function simdInstanceOn(memory: WebAssembly.Memory): SimdInstance | null {
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  const module = compiledModule();
  if (!module) return null; // not (yet) compiled: ask again next time
  let instance: SimdInstance | null = null;
  try {
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdExports;
    instance = { exports, memory };
  } catch {
    // memory of another kind than the module imports (a shared memory)
  }
  instances.set(memory, instance);
  return instance;
}

let ownMemory: WebAssembly.Memory | undefined;

/** The module on a memory of its own (inputs are copied in and out), or `null` without WebAssembly SIMD. */
export function simdInstance(): SimdInstance | null {
  if (!compiledModule()) return null;
  ownMemory ??= new WebAssembly.Memory({ initial: 1 });
  return simdInstanceOn(ownMemory);
}

/** Grows `memory` to at least `bytes`. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (have < bytes) memory.grow(Math.ceil((bytes - have) / 65536));
}
