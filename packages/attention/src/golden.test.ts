import { expectArraysClose } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type GoldenModel, layerTail, loadGoldenModel, selfAttentionParams } from "./golden.test-util.js";
import { type ConcreteKernelName, KERNEL_NAMES } from "./kernels/registry.js";
import { prepareAttentionMask } from "./mask.js";
import { LongformerSelfAttention } from "./self-attention.js";
import { BACKENDS, disposeParams, plain, useBackend } from "./testing.test-util.js";

// HF goldens, layer by layer: layer l's self-attention is fed the golden `hidden_states.<l>` (padded like HF to
// `internal_padded_length`; the padded rows are masked keys and padding queries, so their values do not matter)
// and must reproduce the golden `attentions.<l>` / `global_attentions.<l>` and, through the rest of the layer,
// `hidden_states.<l+1>`.
const KERNELS = KERNEL_NAMES.filter((k): k is ConcreteKernelName => k !== "auto");
// mini-mlm (w = 64, 6 layers, 384 tokens) only on wasm: the cpu backend's matMuls make its layer tails take minutes;
// the cpu path of every kernel is covered by tiny-mlm here and by the random-shape tests.
const MODELS_BY_BACKEND: Record<string, string[]> = { cpu: ["tiny-mlm"], wasm: ["tiny-mlm", "mini-mlm"] };

describe.each(BACKENDS)("HF goldens on %s", (backend) => {
  const models = new Map<string, GoldenModel>();
  beforeAll(async () => {
    await useBackend(backend);
    for (const name of MODELS_BY_BACKEND[backend] ?? []) models.set(name, loadGoldenModel(name));
  });
  afterAll(() => models.clear());

  for (const modelName of MODELS_BY_BACKEND[backend] ?? []) {
    describe(modelName, () => {
      const cases = loadGoldenModel(modelName).cases.filter((c) => "hidden_states.1" in c.outputs);
      describe.each(cases.map((c) => c.name))("%s", (caseName) => {
        it.each(KERNELS)("%s", (kernel) => {
          const model = models.get(modelName)!;
          const c = model.cases.find((x) => x.name === caseName)!;
          const { config } = model;
          const size = config.hidden_size;
          const batch = c.inputs.input_ids.length;
          const inputLen = c.inputs.input_ids[0]!.length;
          const len = c.internal_padded_length;
          const globalRows = c.effective_global_attention_mask ?? c.inputs.global_attention_mask;
          const am = new Int32Array(batch * len);
          const gm = new Int32Array(batch * len);
          for (let b = 0; b < batch; b++) {
            for (let i = 0; i < inputLen; i++) {
              am[b * len + i] = c.inputs.attention_mask[b]![i]!;
              gm[b * len + i] = globalRows?.[b]?.[i] ?? 0;
            }
          }
          const mask = prepareAttentionMask(am, gm, batch, len);
          for (let layer = 0; layer < config.num_hidden_layers; layer++) {
            const golden = (name: string) => model.outputs.get(`${c.name}/${name}`);
            const state = golden(`hidden_states.${layer}`)!;
            const padded = new Float32Array(batch * len * size);
            for (let b = 0; b < batch; b++) {
              padded.set(
                (state.data as Float32Array).subarray(b * inputLen * size, (b + 1) * inputLen * size),
                b * len * size,
              );
            }
            const params = selfAttentionParams(model.weights, layer);
            const attention = new LongformerSelfAttention(
              params,
              {
                hiddenSize: size,
                numHeads: config.num_attention_heads,
                attentionWindow: config.attention_window[layer]!,
              },
              { kernel },
            );
            const hidden = tf.tensor3d(padded, [batch, len, size]);
            const out = attention.forward(hidden, mask, { outputAttentions: true });
            const label = `${c.name} layer ${layer} (${kernel}, ${backend})`;
            try {
              const next = layerTail(model.weights, config, layer, hidden, out.context);
              const nextCut = tf.slice(next, [0, 0, 0], [batch, inputLen, size]);
              const nextName = `hidden_states.${layer + 1}`;
              expectArraysClose(plain(nextCut), golden(nextName)!, c.outputs[nextName]!.atol, `${label} ${nextName}`);
              tf.dispose([next, nextCut]);
              const attentions = golden(`attentions.${layer}`);
              if (attentions) {
                const cut = tf.slice(
                  out.attentions!,
                  [0, 0, 0, 0],
                  [batch, config.num_attention_heads, inputLen, out.attentions!.shape[3]],
                );
                expectArraysClose(
                  plain(cut),
                  attentions,
                  c.outputs[`attentions.${layer}`]!.atol,
                  `${label} attentions`,
                );
                cut.dispose();
                const globalName = `global_attentions.${layer}`;
                const global = golden(globalName);
                if (global) {
                  // Unused slots hold HF's float32 filler 1/L, which this package reproduces: compare every column.
                  expectArraysClose(
                    plain(out.globalAttentions!),
                    global,
                    c.outputs[globalName]!.atol,
                    `${label} global attentions`,
                  );
                } else if (out.globalAttentions) {
                  throw new Error(`${label}: globalAttentions returned but HF has none`);
                }
              }
            } finally {
              tf.dispose([
                hidden,
                out.context,
                ...(out.attentions ? [out.attentions] : []),
                ...(out.globalAttentions ? [out.globalAttentions] : []),
              ]);
              attention.dispose();
              disposeParams(params);
            }
          }
        });
      });
    });
  }
});
