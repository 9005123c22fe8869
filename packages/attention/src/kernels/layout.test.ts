import { beforeAll, describe, expect, it } from "vitest";
import { LongformerSelfAttention } from "../self-attention.js";
import {
  BACKENDS,
  disposeParams,
  maskFromRows,
  randomHidden,
  randomParams,
  readOutput,
  useBackend,
} from "../testing.test-util.js";
import { type ConcreteKernelName, KERNEL_NAMES } from "./registry.js";

// HF's output layouts checked from their definition (fixtures README), independently of any other kernel.
const KERNELS = KERNEL_NAMES.filter((k): k is ConcreteKernelName => k !== "auto");
const heads = 2;
const w = 2;
const len = 12;
const rows = [
  { realLength: 12, global: [1, 6, 7] },
  { realLength: 8, global: [0] },
];

describe.each(BACKENDS)("HF output layouts on %s", (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(KERNELS)("%s", (kernel) => {
    const params = randomParams(8, 11);
    const hidden = randomHidden(2, len, 8, 12);
    const mask = maskFromRows(rows, len);
    const attention = new LongformerSelfAttention(
      params,
      { hiddenSize: 8, numHeads: heads, attentionWindow: 2 * w },
      { kernel },
    );
    const out = readOutput(attention.forward(hidden, mask, { outputAttentions: true }));
    attention.dispose();
    disposeParams(params);
    hidden.dispose();

    const G = 3;
    const cols = G + 2 * w + 1;
    const attn = out.attentions!;
    const glob = out.globalAttentions!;
    expect(attn.shape).toEqual([2, heads, len, cols]);
    expect(glob.shape).toEqual([2, heads, len, G]);
    const a = (b: number, h: number, i: number, c: number) =>
      attn.data[((b * heads + h) * len + i) * cols + c] as number;
    const g = (b: number, h: number, i: number, s: number) => glob.data[((b * heads + h) * len + i) * G + s] as number;
    const ctx = (b: number, i: number) =>
      Array.from(out.context.data.subarray((b * len + i) * 8, (b * len + i + 1) * 8));

    rows.forEach((row, b) => {
      const isGlobal = (j: number) => row.global.includes(j) && j < row.realLength;
      for (let h = 0; h < heads; h++) {
        for (let i = 0; i < len; i++) {
          const rowSum = Array.from({ length: cols }, (_, c) => a(b, h, i, c)).reduce((s, v) => s + v, 0);
          if (i >= row.realLength || isGlobal(i)) {
            expect(rowSum, `row ${b}/${i} of a padding or global query is all zero`).toBe(0);
            continue;
          }
          expect(rowSum).toBeCloseTo(1, 5);
          for (let s = 0; s < G; s++) {
            if (s < row.global.length) expect(a(b, h, i, s), "used global slot").toBeGreaterThan(0);
            else expect(a(b, h, i, s), "unused global slot").toBe(0);
          }
          for (let o = -w; o <= w; o++) {
            const j = i + o;
            const value = a(b, h, i, G + o + w);
            if (j < 0 || j >= len || j >= row.realLength || isGlobal(j))
              expect(value, `offset ${o} of query ${i}`).toBe(0);
            else expect(value, `offset ${o} of query ${i}`).toBeGreaterThan(0);
          }
        }
        for (let s = 0; s < G; s++) {
          for (let i = 0; i < len; i++) {
            if (s >= row.global.length) expect(g(b, h, i, s), "filler slot is 1/L").toBeCloseTo(1 / len, 6);
            else if (i >= row.realLength) expect(g(b, h, i, s), "padding key").toBe(0);
            else expect(g(b, h, i, s)).toBeGreaterThan(0);
          }
        }
      }
      for (let i = row.realLength; i < len; i++)
        expect(
          ctx(b, i).every((v) => v === 0),
          "padding query context is 0",
        ).toBe(true);
    });
  });
});
