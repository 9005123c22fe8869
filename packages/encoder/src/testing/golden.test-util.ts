import { readSafetensors, type WeightTensor } from "@longformer-ts/convert";
import { loadGolden as loadSharedGolden, type GoldenSet as SharedGoldenSet } from "@longformer-ts/test-helpers";
import type * as tf from "@tensorflow/tfjs-core";
import type { LongformerModelOutput } from "../index.js";

/** The parts of a golden `cases.json` case the encoder tests read. */
export interface GoldenCase {
  name: string;
  call: { class: string; kwargs?: { output_hidden_states?: boolean; output_attentions?: boolean } };
  inputs: {
    input_ids: number[][];
    attention_mask: number[][];
    token_type_ids: number[][];
    global_attention_mask?: number[][];
  };
  effective_global_attention_mask: number[][];
  internal_padded_length: number;
  outputs: Record<string, { key: string; shape: number[]; atol: number; num_global_tokens?: number[] }>;
}

export type GoldenSet = SharedGoldenSet<GoldenCase, WeightTensor>;

export function loadGolden(model: string): GoldenSet {
  return loadSharedGolden<GoldenCase, WeightTensor>(model, readSafetensors);
}

/** Maps a golden output name (`hidden_states.3`, ...) to the model output tensor. */
export function pickOutput(out: LongformerModelOutput, name: string): tf.Tensor | undefined {
  const [kind, index] = name.split(".");
  const i = Number(index);
  if (kind === "last_hidden_state") return out.lastHiddenState;
  if (kind === "hidden_states") return out.hiddenStates?.[i];
  if (kind === "attentions") return out.attentions?.[i];
  if (kind === "global_attentions") return out.globalAttentions?.[i];
  return undefined;
}

/** HF LongformerModel cases run the bare encoder with the case's explicit global mask. */
export function isPlainCase(c: GoldenCase): boolean {
  return c.call.class.endsWith("LongformerModel (HuggingFace)");
}

export interface Dense {
  shape: number[];
  data: ArrayLike<number>;
}

/**
 * `global_attentions` (B, heads, L, G): batch row b has only `numGlobal[b]` real slots, the rest are HF
 * filler. Returns, per row, the (heads, L, numGlobal[b]) block of real slots.
 */
export function realGlobalSlots(t: Dense, numGlobal: number[]): Dense[] {
  const [batch, heads, len, slots] = t.shape as [number, number, number, number];
  const rows: Dense[] = [];
  for (let b = 0; b < batch; b++) {
    const g = numGlobal[b] ?? slots;
    const data = new Float32Array(heads * len * g);
    let k = 0;
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < len; i++) {
        const base = ((b * heads + h) * len + i) * slots;
        for (let j = 0; j < g; j++) data[k++] = t.data[base + j] as number;
      }
    }
    rows.push({ shape: [heads, len, g], data });
  }
  return rows;
}
