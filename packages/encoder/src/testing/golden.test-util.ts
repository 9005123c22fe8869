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
