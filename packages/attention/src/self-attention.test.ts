import { expectNoTensorLeak } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttentionError } from "./errors.js";
import { autoKernel, type ConcreteKernelName, isKernelName, KERNEL_NAMES } from "./kernels/registry.js";
import { LongformerSelfAttention } from "./self-attention.js";
import {
  BACKENDS,
  disposeParams,
  maskFromRows,
  randomHidden,
  randomParams,
  readOutput,
  useBackend,
} from "./testing.test-util.js";
import type { SelfAttentionParams } from "./types.js";

const config = { hiddenSize: 16, numHeads: 4, attentionWindow: 4 };

function expectAttentionError(fn: () => unknown, code: string, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AttentionError);
  expect((caught as AttentionError).code).toBe(code);
  expect((caught as Error).message).toMatch(pattern);
}

describe.each(BACKENDS)("LongformerSelfAttention on %s", (backend) => {
  let params: SelfAttentionParams;
  beforeAll(async () => {
    await useBackend(backend);
    params = randomParams(16, 3);
  });
  afterAll(() => disposeParams(params));

  it("auto runs the SIMD banded kernel on every backend (Node has WebAssembly SIMD)", () => {
    const attention = new LongformerSelfAttention(params, config);
    expect(autoKernel()).toBe("banded-wasm");
    expect(attention.kernelName).toBe("banded-wasm");
    attention.dispose();
  });

  it.each(KERNEL_NAMES.filter((k): k is ConcreteKernelName => k !== "auto"))(
    "%s leaves the live tensor count flat across calls, with and without attentions",
    async (kernel) => {
      const hidden = randomHidden(2, 11, 16, 5);
      const withGlobal = maskFromRows(
        [
          { realLength: 11, global: [0, 4] },
          { realLength: 6, global: [] },
        ],
        11,
      );
      const noGlobal = maskFromRows(
        [
          { realLength: 11, global: [] },
          { realLength: 3, global: [] },
        ],
        11,
      );
      const attention = new LongformerSelfAttention(params, config, { kernel });
      const before = tf.memory().numTensors;
      await expectNoTensorLeak(tf, () => {
        for (const mask of [withGlobal, noGlobal]) {
          for (const outputAttentions of [false, true])
            readOutput(attention.forward(hidden, mask, { outputAttentions }));
        }
      });
      attention.dispose();
      expect(tf.memory().numTensors).toBe(before); // dispose frees what the kernel derived
      hidden.dispose();
    },
  );

  it.each(KERNEL_NAMES.filter((k) => k !== "auto"))(
    "%s keeps its derived weights when first called inside the caller's tidy",
    (kernel) => {
      const attention = new LongformerSelfAttention(params, config, { kernel });
      const hidden = randomHidden(1, 6, 16, 2);
      const mask = maskFromRows([{ realLength: 6, global: [0] }], 6);
      const first = tf.tidy(() => attention.forward(hidden, mask).context.dataSync().slice());
      const second = tf.tidy(() => attention.forward(hidden, mask).context.dataSync().slice());
      expect(Array.from(second)).toEqual(Array.from(first));
      attention.dispose();
      hidden.dispose();
    },
  );

  it("dispose frees only its own tensors, never the params passed in", () => {
    const attention = new LongformerSelfAttention(params, config, { kernel: "banded-wasm" });
    const hidden = randomHidden(1, 5, 16, 1);
    readOutput(attention.forward(hidden, maskFromRows([{ realLength: 5, global: [1] }], 5)));
    attention.dispose();
    expect(params.query.weight.isDisposed).toBe(false);
    expect(params.valueGlobal.bias.isDisposed).toBe(false);
    expectAttentionError(
      () => attention.forward(hidden, maskFromRows([{ realLength: 5, global: [] }], 5)),
      "DISPOSED",
      /dispose/,
    );
    hidden.dispose();
  });

  it("omits attentions unless asked, and globalAttentions when no row has a global token", () => {
    const attention = new LongformerSelfAttention(params, config);
    const hidden = randomHidden(1, 7, 16, 2);
    const plain = readOutput(attention.forward(hidden, maskFromRows([{ realLength: 7, global: [3] }], 7)));
    expect(plain.attentions).toBeUndefined();
    expect(plain.globalAttentions).toBeUndefined();
    const local = readOutput(
      attention.forward(hidden, maskFromRows([{ realLength: 7, global: [] }], 7), { outputAttentions: true }),
    );
    expect(local.attentions?.shape).toEqual([1, 4, 7, 5]);
    expect(local.globalAttentions).toBeUndefined();
    attention.dispose();
    hidden.dispose();
  });

  it("rejects bad configs, params, inputs and masks with typed errors", () => {
    expectAttentionError(
      () => new LongformerSelfAttention(params, { ...config, attentionWindow: 5 }),
      "INVALID_CONFIG",
      /attentionWindow .* even/,
    );
    expectAttentionError(
      () => new LongformerSelfAttention(params, { ...config, attentionWindow: 0 }),
      "INVALID_CONFIG",
      /attentionWindow/,
    );
    expectAttentionError(
      () => new LongformerSelfAttention(params, { ...config, numHeads: 3 }),
      "INVALID_CONFIG",
      /not a multiple of numHeads 3/,
    );
    expectAttentionError(
      () => new LongformerSelfAttention(params, { ...config, hiddenSize: 32 }),
      "INVALID_PARAMS",
      /params\.query\.weight has shape \[16, 16\], expected \[32, 32\]/,
    );
    expectAttentionError(
      () => new LongformerSelfAttention(params, config, { kernel: "fast" as "auto" }),
      "UNKNOWN_KERNEL",
      /unknown attention kernel "fast"/,
    );
    const attention = new LongformerSelfAttention(params, config);
    const hidden = randomHidden(1, 6, 16, 2);
    const wrongWidth = randomHidden(1, 6, 8, 2);
    const mask = maskFromRows([{ realLength: 6, global: [] }], 6);
    expectAttentionError(() => attention.forward(wrongWidth, mask), "SHAPE_MISMATCH", /expected \(batch, seqLen, 16\)/);
    expectAttentionError(
      () => attention.forward(hidden, maskFromRows([{ realLength: 5, global: [] }], 5)),
      "SHAPE_MISMATCH",
      /seqLen 5/,
    );
    expectAttentionError(
      () => attention.forward(hidden, { ...mask, maxGlobal: 1 }),
      "INVALID_MASK",
      /maxGlobal is 1 but the largest row has 0/,
    );
    expectAttentionError(
      () => attention.forward(hidden, { ...mask, globalIndices: [[2]] }),
      "INVALID_MASK",
      /globalIndices\[0\]/,
    );
    attention.dispose();
    tf.dispose([hidden, wrongWidth]);
  });
});

describe("isKernelName", () => {
  it("is the one check of a kernel name: every listed name, nothing else", () => {
    expect(KERNEL_NAMES.every(isKernelName)).toBe(true);
    for (const name of ["fast", "", "AUTO", "banded", undefined, 3, "toString", "constructor"]) {
      expect(isKernelName(name)).toBe(false);
    }
  });
});
