import { expectArraysClose } from "@longformer-ts/test-helpers";
import { beforeAll, describe, expect, it } from "vitest";
import { LongformerSelfAttention } from "../self-attention.js";
import {
  BACKENDS,
  disposeParams,
  maskFromRows,
  type RowSpec,
  randomHidden,
  randomParams,
  readOutput,
  rng,
  useBackend,
} from "../testing.test-util.js";
import { type ConcreteKernelName, KERNEL_NAMES } from "./registry.js";

interface Scenario {
  name: string;
  hidden: number;
  heads: number;
  window: number;
  len: number;
  rows: RowSpec[];
}

const range = (n: number, step = 1, from = 0) => Array.from({ length: n }, (_, i) => from + i * step);

const SCENARIOS: Scenario[] = [
  { name: "no global", hidden: 16, heads: 2, window: 4, len: 13, rows: [{ realLength: 13, global: [] }] },
  {
    name: "sequence shorter than the window",
    hidden: 8,
    heads: 2,
    window: 10,
    len: 3,
    rows: [{ realLength: 3, global: [0] }],
  },
  { name: "length 1", hidden: 8, heads: 1, window: 2, len: 1, rows: [{ realLength: 1, global: [] }] },
  { name: "length 1, global", hidden: 8, heads: 4, window: 2, len: 1, rows: [{ realLength: 1, global: [0] }] },
  {
    name: "whole SIMD blocks (head size 16, length 32): the in-place core and the heap global path",
    hidden: 64,
    heads: 4,
    window: 8,
    len: 32,
    rows: [
      { realLength: 32, global: [0, 5, 17, 31] },
      { realLength: 21, global: [3] },
    ],
  },
  {
    name: "odd length, globals at both ends",
    hidden: 12,
    heads: 3,
    window: 6,
    len: 23,
    rows: [{ realLength: 23, global: [0, 11, 22] }],
  },
  {
    name: "rows with 4/1/0/0 globals, padding, an all-padding row",
    hidden: 32,
    heads: 4,
    window: 4,
    len: 20,
    rows: [
      { realLength: 20, global: [0, 3, 4, 19] },
      { realLength: 12, global: [0, 15] },
      { realLength: 0, global: [2] },
      { realLength: 7, global: [] },
    ],
  },
  { name: "every token global", hidden: 16, heads: 2, window: 2, len: 9, rows: [{ realLength: 9, global: range(9) }] },
  {
    name: "window wider than the padded sequence",
    hidden: 16,
    heads: 4,
    window: 64,
    len: 17,
    rows: [
      { realLength: 11, global: [5] },
      { realLength: 17, global: [] },
    ],
  },
  {
    name: "HAT-like: block starts global, long sequence",
    hidden: 32,
    heads: 2,
    window: 16,
    len: 150,
    rows: [
      { realLength: 150, global: range(10, 16) },
      { realLength: 90, global: range(6, 16) },
    ],
  },
];

/** Seeded random scenarios: random sizes, windows, padding and global sets (reproducible, so failures are too). */
function randomScenarios(count: number, seed: number): Scenario[] {
  const random = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  return Array.from({ length: count }, (_, n) => {
    const heads = int(1, 4);
    const hidden = heads * int(1, 9);
    const len = int(1, 70);
    const window = 2 * int(1, 12);
    const rows = Array.from({ length: int(1, 3) }, () => {
      const realLength = random() < 0.2 ? int(0, len) : len;
      const global = Array.from({ length: len }, (_, i) => i).filter(() => random() < 0.12);
      return { realLength, global };
    });
    return { name: `random #${n} (seed ${seed})`, hidden, heads, window, len, rows };
  });
}
SCENARIOS.push(...randomScenarios(6, 2024));

const KERNELS = KERNEL_NAMES.filter((k): k is ConcreteKernelName => k !== "auto");
const ATOL_PROBS = 2e-5;
const ATOL_CONTEXT = 5e-5;

type PlainOutput = ReturnType<typeof readOutput>;

/** Context, local and global probabilities all agree; a global output exists on exactly the same side. */
function expectSameOutputs(actual: PlainOutput, expected: PlainOutput, kernel: string): void {
  expectArraysClose(actual.context, expected.context, ATOL_CONTEXT, `${kernel} context`);
  expectArraysClose(actual.attentions!, expected.attentions!, ATOL_PROBS, `${kernel} attentions`);
  if (expected.globalAttentions) {
    expectArraysClose(actual.globalAttentions!, expected.globalAttentions, ATOL_PROBS, `${kernel} globalAttentions`);
  } else {
    expect(actual.globalAttentions).toBeUndefined();
  }
}

describe.each(BACKENDS)("kernels on %s", (backend) => {
  beforeAll(() => useBackend(backend));

  describe.each(SCENARIOS)("$name", (s) => {
    const run = (kernel: ConcreteKernelName, seed = 7) => {
      const params = randomParams(s.hidden, seed);
      const hidden = randomHidden(s.rows.length, s.len, s.hidden, seed + 1);
      const mask = maskFromRows(s.rows, s.len);
      const attention = new LongformerSelfAttention(
        params,
        { hiddenSize: s.hidden, numHeads: s.heads, attentionWindow: s.window },
        { kernel },
      );
      try {
        return readOutput(attention.forward(hidden, mask, { outputAttentions: true }));
      } finally {
        attention.dispose();
        disposeParams(params);
        hidden.dispose();
      }
    };

    it("reference has HF's output shapes", () => {
      const out = run("reference");
      const B = s.rows.length;
      const G = Math.max(...s.rows.map((r) => r.global.filter((g) => g < r.realLength).length));
      expect(out.context.shape).toEqual([B, s.len, s.hidden]);
      expect(out.attentions?.shape).toEqual([B, s.heads, s.len, G + s.window + 1]);
      if (G === 0) expect(out.globalAttentions).toBeUndefined();
      else expect(out.globalAttentions?.shape).toEqual([B, s.heads, s.len, G]);
    });

    it.each(KERNELS.filter((k) => k !== "reference"))("%s matches reference", (kernel) => {
      expectSameOutputs(run(kernel), run("reference"), kernel);
    });

    it.each(KERNELS.filter((k) => k !== "dense"))("%s matches dense masked attention", (kernel) => {
      expectSameOutputs(run(kernel), run("dense"), kernel);
    });
  });
});
