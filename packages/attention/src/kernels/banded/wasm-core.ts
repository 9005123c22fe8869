import {
  alignedLayout,
  bandCore,
  ensureMemory,
  roundUp,
  type SimdInstance,
  scaleRows,
  simdInstance,
  transpose,
} from "@longformer-ts/simd";
import { LOCAL } from "../../mask.js";
import type { LocalCoreArgs } from "./local-core.js";

/** Sizes of one call: the band geometry of the SIMD module's `bandCore` tiles and the head's staging buffers. */
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
  const scratch = alignedLayout({
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
 * sizes padded to whole SIMD blocks) and `bandCore` runs the band four queries at a time, global keys
 * included. Probabilities, when `args.probs` is given, are written there in HF's layout.
 */
export function runBandedLocal(
  wasm: SimdInstance,
  at: { qkv: number; ctx: number; scratch: number },
  args: CoreShape,
): void {
  const { batch, len: L, heads, headDim: D, w, merged, maxGlobal: G, probs } = args;
  const { H, Lq, nb, Lk, Gp, Dp, cols, inPlace, scratch } = geometry(args);
  const ptr = (name: keyof typeof scratch) => at.scratch + scratch[name];
  const f32 = (p: number, n: number) => new Float32Array(wasm.memory.buffer, p, n);
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
      scaleRows(wasm, {
        src: q,
        srcRowBytes: rowBytes,
        rows: L,
        cols: D,
        divisor: sqrtD,
        dst: ptr("qs"),
        dstRowBytes: D * 4,
      });
      transpose(wasm, { src: k, srcRowBytes: rowBytes, rows: L, cols: D, dst: ptr("kt") + w * 4, dstRowBytes: Lk * 4 });
      globals.forEach((pos, g) => {
        const key = k + pos * rowBytes;
        transpose(wasm, {
          src: key,
          srcRowBytes: rowBytes,
          rows: 1,
          cols: D,
          dst: ptr("kg") + g * 4,
          dstRowBytes: Gp * 4,
        });
        const value = v + pos * rowBytes;
        const dst = ptr("vg") + g * Dp * 4;
        scaleRows(wasm, { src: value, srcRowBytes: rowBytes, rows: 1, cols: D, divisor: 1, dst, dstRowBytes: Dp * 4 });
      });
      const ctx = at.ctx + (rowBase * H + h * D) * 4; // this head's context of row 0
      if (!inPlace) {
        scaleRows(wasm, {
          src: v,
          srcRowBytes: rowBytes,
          rows: L,
          cols: D,
          divisor: 1,
          dst: ptr("vh"),
          dstRowBytes: Dp * 4,
        });
      }
      bandCore(wasm, {
        queries: ptr("qs"),
        keysT: ptr("kt"),
        keysTRowBytes: Lk * 4,
        keyBias: ptr("kbias"),
        globalKeysT: ptr("kg"),
        globalBias: ptr("gbias"),
        globalSlots: Gp,
        values: inPlace ? v : ptr("vh"),
        valuesRowBytes: inPlace ? rowBytes : Dp * 4,
        globalValues: ptr("vg"),
        seqLen: L,
        paddedLen: Lq,
        window: w,
        bandCols: nb,
        headDim: D,
        paddedHeadDim: Dp,
        scores: ptr("s"),
        scoresStepBytes: probs ? 4 * cols * 4 : 0, // with probabilities, every tile's rows are kept
        out: inPlace ? ctx : ptr("out"),
        outRowBytes: inPlace ? H * 4 : Dp * 4,
      });
      if (!inPlace) {
        scaleRows(wasm, {
          src: ptr("out"),
          srcRowBytes: Dp * 4,
          rows: L,
          cols: D,
          divisor: 1,
          dst: ctx,
          dstRowBytes: H * 4,
        });
      }
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
  const wasm = simdInstance();
  if (!wasm) throw new Error("WebAssembly SIMD is not available");
  const { qkv, context } = args;
  const at = alignedLayout({ qkv: qkv.length, ctx: context.length, scratch: bandedScratchFloats(args) });
  ensureMemory(wasm.memory, at.end);
  new Float32Array(wasm.memory.buffer, at.qkv, qkv.length).set(qkv);
  runBandedLocal(wasm, at, args);
  context.set(new Float32Array(wasm.memory.buffer, at.ctx, context.length));
}
