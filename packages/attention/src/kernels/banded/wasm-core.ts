import { LOCAL } from "../../mask.js";
import { BANDED_WASM_BASE64 } from "./banded-wasm-bytes.js";
import type { LocalCoreArgs } from "./local-core.js";

export interface BandedExports {
  /** dst[i][c] = src[i][c] / div over a (rows, cols) float block; byte offsets and row strides. */
  scaleRows(src: number, srcRow: number, rows: number, cols: number, div: number, dst: number, dstRow: number): void;
  /** dst[c][i] = src[i][c] over a (rows, cols) float block; byte offsets and row strides. */
  transpose(src: number, srcRow: number, rows: number, cols: number, dst: number, dstRow: number): void;
  /** The local queries of one (batch row, head); buffer layout in banded.wat and `runBandedLocal`. */
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
  /** Adds the mask `bias` (cols floats, 0 / -inf) to each of `rows` score rows, then softmaxes each in place. */
  softmaxRows(s: number, sRow: number, rows: number, cols: number, bias: number): void;
  /** C (M, N) = A (M, K) B (K, N), row-major, byte row strides; M a multiple of 4, N of 8. */
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
  /** Exact GELU of `n` floats (a multiple of 4) at byte offset `src` into `dst` (may equal `src`). */
  gelu(src: number, dst: number, n: number): void;
  /** out = LayerNorm(x + res) * gamma + beta over `rows` rows of `cols` floats (a multiple of 4). */
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

/** An instance of the banded SIMD module and the memory it works in. */
export interface BandedInstance {
  exports: BandedExports;
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
 * model's weights take far longer to arrive than this takes. Until it is ready, `auto` runs the JS core.
 * Node and workers compile synchronously on first use, so they do not pay for a second compilation.
 */
if (typeof document !== "undefined" && typeof WebAssembly !== "undefined") {
  WebAssembly.compile(decodeBase64(BANDED_WASM_BASE64)).then(
    (module) => {
      compiled ??= module;
    },
    () => {
      // no WebAssembly SIMD, or a Content-Security-Policy forbidding compilation: bandedModule() says so
    },
  );
}

/** The compiled module, or `null` when this engine cannot run it (no WebAssembly SIMD, compilation forbidden). */
function bandedModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  if (typeof WebAssembly === "undefined") return null;
  const bytes = decodeBase64(BANDED_WASM_BASE64);
  if (!WebAssembly.validate(bytes)) {
    compiled = null; // no WebAssembly SIMD
    return compiled;
  }
  try {
    compiled = new WebAssembly.Module(bytes);
  } catch {
    // Synchronous compilation refused (an older browser's main thread: the background compile above will
    // land) or forbidden (a Content-Security-Policy without 'wasm-unsafe-eval'): the JS core runs meanwhile.
    return null;
  }
  return compiled;
}

const instances = new WeakMap<WebAssembly.Memory, BandedInstance | null>();

/**
 * The module instantiated on `memory` (e.g. tfjs-wasm's heap, to work on tensors in place), once per memory.
 * `null` when the engine lacks WebAssembly SIMD or the memory cannot be imported (a shared memory).
 */
export function bandedWasmOn(memory: WebAssembly.Memory): BandedInstance | null {
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  const module = bandedModule();
  if (!module) return null; // not (yet) compiled: ask again next time
  let instance: BandedInstance | null = null;
  try {
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as BandedExports;
    instance = { exports, memory };
  } catch {
    // memory of another kind than the module imports (a shared memory)
  }
  instances.set(memory, instance);
  return instance;
}

let ownMemory: WebAssembly.Memory | undefined;

/** The module on a memory of its own (inputs are copied in and out), or `null` without WebAssembly SIMD. */
export function bandedWasmModule(): BandedInstance | null {
  if (!bandedModule()) return null;
  ownMemory ??= new WebAssembly.Memory({ initial: 1 });
  return bandedWasmOn(ownMemory);
}

/** Grows `memory` to at least `bytes`. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (have < bytes) memory.grow(Math.ceil((bytes - have) / 65536));
}

export const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

/** Byte offsets of consecutive float32 regions of the given lengths, each 16-byte aligned; `end` past the last. */
export function layout<K extends string>(sizes: Record<K, number>): Record<K, number> & { end: number } {
  let at = 0;
  const offsets = {} as Record<K, number> & { end: number };
  for (const [name, floats] of Object.entries(sizes) as Array<[K, number]>) {
    (offsets as Record<string, number>)[name] = at;
    at = roundUp(at + floats * 4, 16);
  }
  offsets.end = at;
  return offsets;
}

/** Sizes of one call: the tile geometry of banded.wat's `attendHead` and the head's staging buffers. */
function geometry(args: CoreShape) {
  const { len: L, heads, headDim: D, w, maxGlobal: G } = args;
  const Lq = roundUp(L, 4); // query rows, whole tiles
  const nb = roundUp(2 * w + 4, 8); // band columns of a tile
  const Lk = Lq + nb; // key columns: key j at w + j
  const Gp = roundUp(G, 8);
  const Dp = roundUp(D, 8);
  const cols = Gp + nb;
  // Values are read and the context written in place unless padding to whole blocks is needed: head size not
  // a multiple of 8, or a last tile reaching past the rows.
  const inPlace = Dp === D && L % 4 === 0;
  const scratch = layout({
    qs: Lq * D,
    kt: D * Lk,
    kbias: Lk,
    kg: D * Gp,
    gbias: Gp,
    vh: inPlace ? 0 : L * Dp,
    vg: Gp * Dp,
    out: inPlace ? 0 : Lq * Dp,
    s: (args.probs ? Lq : 4) * cols, // with probabilities, every row's are kept until copied out
  });
  return { H: heads * D, Lq, nb, Lk, Gp, Dp, cols, inPlace, scratch };
}

/** `LocalCoreArgs` without the arrays the in-memory core takes as pointers. */
export type CoreShape = Omit<LocalCoreArgs, "qkv" | "context">;

/** Floats of scratch `runBandedLocal` needs for these sizes. */
export function bandedScratchFloats(args: CoreShape): number {
  return geometry(args).scratch.end / 4;
}

/**
 * The banded local attention inside `wasm`'s memory: `qkv` (B*L, 3H) and `ctx` (B*L, H) are byte offsets there
 * (every element of ctx is written), `scratch` a 16-byte aligned region of `bandedScratchFloats` floats. Per
 * (batch row, head) the head's queries, keys and values are staged into tile-friendly layouts (keys transposed,
 * sizes padded to whole SIMD blocks) and `attendHead` runs the band four queries at a time, global keys
 * included. Probabilities, when `args.probs` is given, are written there in HF's layout.
 */
export function runBandedLocal(
  wasm: BandedInstance,
  at: { qkv: number; ctx: number; scratch: number },
  args: CoreShape,
): void {
  const { batch, len: L, heads, headDim: D, w, merged, maxGlobal: G, probs } = args;
  const { H, Lq, nb, Lk, Gp, Dp, cols, inPlace, scratch } = geometry(args);
  const ptr = (name: keyof typeof scratch) => at.scratch + scratch[name];
  const f32 = (p: number, n: number) => new Float32Array(wasm.memory.buffer, p, n);
  const { scaleRows, transpose, attendHead } = wasm.exports;
  const kbias = f32(ptr("kbias"), Lk);
  const gbias = f32(ptr("gbias"), Gp);
  const sqrtD = Math.sqrt(D);
  const rowBytes = 3 * H * 4;
  // Padding the staging copies never overwrite (query rows past L, key columns outside 0..L-1, value lanes
  // past D): zeroed once per call. The global slots' are per batch row (rows differ in their counts).
  f32(ptr("qs") + L * D * 4, (Lq - L) * D).fill(0);
  f32(ptr("kt"), D * Lk).fill(0);
  if (!inPlace) f32(ptr("vh"), L * Dp).fill(0);

  for (let b = 0; b < batch; b++) {
    const rowBase = b * L;
    const globals = args.globalIndices[b] ?? [];
    kbias.fill(Number.NEGATIVE_INFINITY);
    for (let j = 0; j < L; j++) if (merged[rowBase + j] === LOCAL) kbias[w + j] = 0;
    gbias.fill(Number.NEGATIVE_INFINITY);
    gbias.fill(0, 0, globals.length);
    f32(ptr("kg"), D * Gp).fill(0);
    f32(ptr("vg"), Gp * Dp).fill(0);
    for (let h = 0; h < heads; h++) {
      const q = at.qkv + rowBase * rowBytes + h * D * 4; // this head's query of row 0; key and value follow
      const k = q + H * 4;
      const v = q + 2 * H * 4;
      scaleRows(q, rowBytes, L, D, sqrtD, ptr("qs"), D * 4);
      transpose(k, rowBytes, L, D, ptr("kt") + w * 4, Lk * 4);
      globals.forEach((pos, g) => {
        transpose(k + pos * rowBytes, rowBytes, 1, D, ptr("kg") + g * 4, Gp * 4);
        scaleRows(v + pos * rowBytes, rowBytes, 1, D, 1, ptr("vg") + g * Dp * 4, Dp * 4);
      });
      const ctx = at.ctx + (rowBase * H + h * D) * 4; // this head's context of row 0
      if (!inPlace) scaleRows(v, rowBytes, L, D, 1, ptr("vh"), Dp * 4);
      attendHead(
        ptr("qs"),
        ptr("kt"),
        Lk * 4,
        ptr("kbias"),
        ptr("kg"),
        ptr("gbias"),
        Gp,
        inPlace ? v : ptr("vh"),
        ptr("vg"),
        L,
        Lq,
        w,
        nb,
        D,
        Dp,
        ptr("s"),
        probs ? 4 * cols * 4 : 0,
        inPlace ? rowBytes : Dp * 4,
        inPlace ? ctx : ptr("out"),
        inPlace ? H * 4 : Dp * 4,
      );
      if (!inPlace) scaleRows(ptr("out"), Dp * 4, L, D, 1, ctx, H * 4);
      if (probs) {
        // Tile column Gp + c of query i is key i - w + (c - i % 4): HF column G + c - i % 4.
        const p = f32(ptr("s"), Lq * cols);
        for (let i = 0; i < L; i++) {
          if (merged[rowBase + i] !== LOCAL) continue;
          const src = i * cols;
          const dst = ((b * heads + h) * L + i) * (G + 2 * w + 1);
          probs.set(p.subarray(src, src + G), dst);
          const from = src + Gp + (i % 4);
          probs.set(p.subarray(from, from + 2 * w + 1), dst + G);
        }
      }
    }
  }
}

/** Same contract as `bandedLocalJs`, in the SIMD module on its own memory (inputs copied in, context out). */
export function bandedLocalWasm(args: LocalCoreArgs): void {
  const wasm = bandedWasmModule();
  if (!wasm) throw new Error("WebAssembly SIMD is not available");
  const { qkv, context } = args;
  const at = layout({ qkv: qkv.length, ctx: context.length, scratch: bandedScratchFloats(args) });
  ensureMemory(wasm.memory, at.end);
  new Float32Array(wasm.memory.buffer, at.qkv, qkv.length).set(qkv);
  runBandedLocal(wasm, at, args);
  context.set(new Float32Array(wasm.memory.buffer, at.ctx, context.length));
}
