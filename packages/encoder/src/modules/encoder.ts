import type { AttentionKernelName, AttentionMaskInfo } from "@longformer-ts/attention";
import * as tf from "@tensorflow/tfjs-core";
import type { LongformerConfig } from "../config/longformer-config.js";
import type { WeightReader, WeightSpec } from "../weights/weight-reader.js";
import { LongformerLayer } from "./layer.js";

export interface EncoderOptions {
  /** Tokens HF's `_pad_to_window_size` appended; cut from hidden states and `attentions` (not `globalAttentions`). */
  paddingLen: number;
  outputHiddenStates: boolean;
  outputAttentions: boolean;
}

export interface EncoderOutput {
  lastHiddenState: tf.Tensor3D; // (B, L, H)
  hiddenStates?: tf.Tensor3D[]; // layers + 1 of (B, L, H)
  attentions?: tf.Tensor4D[]; // layers of (B, heads, L, G + 2w + 1)
  globalAttentions?: tf.Tensor4D[]; // layers of (B, heads, Lpadded, G)
}

/** Drops the last `paddingLen` positions of axis `axis` (HF's `state[:, :-padding_len]`). */
function unpad<T extends tf.Tensor>(x: T, axis: number, paddingLen: number): T {
  if (paddingLen === 0) return x;
  const size = x.shape.map((d, i) => (i === axis ? d - paddingLen : d));
  return tf.slice(x, new Array<number>(x.rank).fill(0), size) as T;
}

/** HF `LongformerEncoder` (`encoder.layer.*`). Runs inside the caller's `tf.tidy`; each layer tidies its own temporaries. */
export class LongformerEncoder {
  private readonly layers: LongformerLayer[];

  constructor(config: LongformerConfig, reader: WeightReader, prefix: string, kernel?: AttentionKernelName) {
    this.layers = config.attentionWindow.map(
      (_, i) => new LongformerLayer(config, reader, `${prefix}layer.${i}.`, i, kernel),
    );
  }

  static weightSpecs(config: LongformerConfig, prefix: string): WeightSpec[] {
    return config.attentionWindow.flatMap((_, i) => LongformerLayer.weightSpecs(config, `${prefix}layer.${i}.`));
  }

  /** embeddings (B, Lpadded, H) -> outputs cut back to L = Lpadded - paddingLen. */
  forward(embeddings: tf.Tensor3D, mask: AttentionMaskInfo, options: EncoderOptions): EncoderOutput {
    const { paddingLen, outputHiddenStates, outputAttentions } = options;
    const hiddenStates: tf.Tensor3D[] = [embeddings];
    const attentions: tf.Tensor4D[] = [];
    const globalAttentions: tf.Tensor4D[] = [];
    let hidden = embeddings;
    for (const layer of this.layers) {
      const result = layer.forward(hidden, mask, outputAttentions);
      if (!outputHiddenStates && hidden !== embeddings) hidden.dispose(); // free each layer's input as we go
      hidden = result.hidden;
      if (outputHiddenStates) hiddenStates.push(hidden);
      if (result.attentions) attentions.push(result.attentions);
      if (result.globalAttentions) globalAttentions.push(result.globalAttentions);
    }
    const output: EncoderOutput = { lastHiddenState: unpad(hidden, 1, paddingLen) };
    if (outputHiddenStates)
      output.hiddenStates = hiddenStates.map((h) => (h === hidden ? output.lastHiddenState : unpad(h, 1, paddingLen)));
    if (outputAttentions) {
      output.attentions = attentions.map((a) => unpad(a, 2, paddingLen));
      if (globalAttentions.length > 0) output.globalAttentions = globalAttentions;
    }
    return output;
  }

  dispose(): void {
    for (const layer of this.layers) layer.dispose();
  }
}
