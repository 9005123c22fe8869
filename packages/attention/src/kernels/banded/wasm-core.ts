import { LOCAL } from "../../mask.js";
import { BANDED_WASM_BASE64 } from "./banded-wasm-bytes.js";
import type { LocalCoreArgs } from "./local-core.js";

interface BandedExports {
  memory: WebAssembly.Memory;
  attend(
    qkv: number,
    rowStride: number,
    q: number,
    kOff: number,
    vOff: number,
    keys: number,
    n: number,
    headDim: number,
    qs: number,
    scores: number,
    out: number,
    sqrtD: number,
  ): void;
  /** Exact GELU in place over `n` floats at byte offset `ptr` (whole groups of four). */
  gelu(ptr: number, n: number): void;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let instance: BandedExports | null | undefined;

/**
 * The banded SIMD module, instantiated synchronously on first use (it is 2.5 KB, under the browsers' limit for
 * synchronous compilation). `null` when the engine lacks WebAssembly SIMD or may not compile WebAssembly.
 */
export function bandedWasmModule(): BandedExports | null {
  if (instance !== undefined) return instance;
  instance = null;
  const bytes = decodeBase64(BANDED_WASM_BASE64);
  if (typeof WebAssembly === "undefined" || !WebAssembly.validate(bytes)) return instance;
  try {
    const module = new WebAssembly.Module(bytes);
    instance = new WebAssembly.Instance(module, {}).exports as unknown as BandedExports;
  } catch {
    // e.g. a Content-Security-Policy without 'wasm-unsafe-eval': `auto` then falls back to the JS core.
  }
  return instance;
}

const align16 = (n: number) => (n + 15) & ~15;

/** Same contract as `bandedLocalJs`, with the per-(query, head) maths in the SIMD module. */
export function bandedLocalWasm(args: LocalCoreArgs): void {
  const wasm = bandedWasmModule();
  if (!wasm) throw new Error("WebAssembly SIMD is not available");
  const { qkv, batch, len, heads, headDim: D, w, merged, maxGlobal: G, context, probs } = args;
  const H = heads * D;
  const cols = G + 2 * w + 1;

  // Memory layout (bytes): [qkv (B*L, 3H)] [context (B*L, H)] [keys (cols i32)] [scores (cols + 4)] [qs (D)]
  const qkvPtr = 0;
  const ctxPtr = align16(qkvPtr + qkv.length * 4);
  const keysPtr = align16(ctxPtr + context.length * 4);
  const scoresPtr = align16(keysPtr + cols * 4);
  const qsPtr = align16(scoresPtr + (cols + 4) * 4);
  const end = align16(qsPtr + D * 4);
  const pageBytes = 65536;
  if (wasm.memory.buffer.byteLength < end) {
    wasm.memory.grow(Math.ceil((end - wasm.memory.buffer.byteLength) / pageBytes));
  }
  const buffer = wasm.memory.buffer;
  new Float32Array(buffer, qkvPtr, qkv.length).set(qkv);
  const ctxView = new Float32Array(buffer, ctxPtr, context.length);
  ctxView.fill(0);
  const keys = new Int32Array(buffer, keysPtr, cols);
  const slot = new Int32Array(cols);
  const scores = new Float32Array(buffer, scoresPtr, cols + 4);
  const rowStride = 3 * H * 4;
  const sqrtD = Math.sqrt(D);

  for (let b = 0; b < batch; b++) {
    const rowBase = b * len;
    const globals = args.globalIndices[b] ?? [];
    for (let i = 0; i < len; i++) {
      if (merged[rowBase + i] !== LOCAL) continue; // padding: zero context; global: recomputed elsewhere
      // Key set of query i, shared by all heads: the row's global tokens, then local keys of the band.
      let n = 0;
      for (let g = 0; g < globals.length; g++) {
        keys[n] = rowBase + (globals[g] as number);
        slot[n++] = g;
      }
      const jTo = Math.min(len - 1, i + w);
      for (let j = Math.max(0, i - w); j <= jTo; j++) {
        if (merged[rowBase + j] !== LOCAL) continue;
        keys[n] = rowBase + j;
        slot[n++] = G + j - i + w;
      }
      const row = rowBase + i;
      for (let h = 0; h < heads; h++) {
        wasm.attend(
          qkvPtr,
          rowStride,
          qkvPtr + (row * 3 * H + h * D) * 4,
          (H + h * D) * 4,
          (2 * H + h * D) * 4,
          keysPtr,
          n,
          D,
          qsPtr,
          scoresPtr,
          ctxPtr + (row * H + h * D) * 4,
          sqrtD,
        );
        if (probs) {
          const pRow = ((b * heads + h) * len + i) * cols;
          for (let t = 0; t < n; t++) probs[pRow + (slot[t] as number)] = scores[t] as number;
        }
      }
    }
  }
  context.set(ctxView);
}
