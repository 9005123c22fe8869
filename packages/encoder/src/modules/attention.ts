import {
  type AttentionKernelName,
  type AttentionMaskInfo,
  type LinearParams,
  LongformerSelfAttention,
  type SelfAttentionParams,
} from "@longformer-ts/attention";
import * as tf from "@tensorflow/tfjs-core";
import type { LongformerConfig } from "../config/longformer-config.js";
import type { WeightReader, WeightSpec } from "../weights/weight-reader.js";
import { LongformerSelfOutput } from "./self-output.js";
import { tidyResult } from "./tidy.js";

/** `attention.self.<name>` projections in HF's naming, with the camelCase keys of `SelfAttentionParams`. */
const PROJECTIONS: ReadonlyArray<[keyof SelfAttentionParams, string]> = [
  ["query", "query"],
  ["key", "key"],
  ["value", "value"],
  ["queryGlobal", "query_global"],
  ["keyGlobal", "key_global"],
  ["valueGlobal", "value_global"],
];

export interface AttentionResult {
  output: tf.Tensor2D; // (N, H)
  attentions?: tf.Tensor4D; // (B, heads, L, G + 2w + 1)
  globalAttentions?: tf.Tensor4D; // (B, heads, L, G)
}

/** HF `LongformerAttention` (`attention.*`): `LongformerSelfAttention` from @longformer-ts/attention, then `LongformerSelfOutput`. */
export class LongformerAttention {
  private readonly params: SelfAttentionParams;
  private readonly self: LongformerSelfAttention;
  private readonly output: LongformerSelfOutput;

  constructor(
    config: LongformerConfig,
    reader: WeightReader,
    prefix: string,
    layerIndex: number,
    kernel: AttentionKernelName = "auto",
  ) {
    const h = config.hiddenSize;
    const take = (name: string): LinearParams => ({
      weight: reader.take2d(`${prefix}self.${name}.weight`, [h, h]),
      bias: reader.take1d(`${prefix}self.${name}.bias`, [h]),
    });
    this.params = Object.fromEntries(
      PROJECTIONS.map(([key, name]) => [key, take(name)]),
    ) as unknown as SelfAttentionParams;
    this.self = new LongformerSelfAttention(
      this.params,
      { hiddenSize: h, numHeads: config.numAttentionHeads, attentionWindow: config.attentionWindow[layerIndex]! },
      { kernel },
    );
    this.output = new LongformerSelfOutput(config, reader, `${prefix}output.`);
  }

  static weightSpecs(config: LongformerConfig, prefix: string): WeightSpec[] {
    const h = config.hiddenSize;
    return [
      ...PROJECTIONS.flatMap(([, name]) => [
        { name: `${prefix}self.${name}.weight`, shape: [h, h] },
        { name: `${prefix}self.${name}.bias`, shape: [h] },
      ]),
      ...LongformerSelfOutput.weightSpecs(config, `${prefix}output.`),
    ];
  }

  /** hidden (B, L, H) -> output (N = B*L, H) plus HF's attention probabilities when asked. */
  apply(hidden: tf.Tensor3D, mask: AttentionMaskInfo, outputAttentions: boolean): AttentionResult {
    return tidyResult(() => {
      const [batch, seqLen, h] = hidden.shape;
      const { context, attentions, globalAttentions } = this.self.call(hidden, mask, { outputAttentions }); // (B, L, H)
      const context2d = tf.reshape(context, [batch * seqLen, h]) as tf.Tensor2D; // (N, H)
      const hidden2d = tf.reshape(hidden, [batch * seqLen, h]) as tf.Tensor2D; // (N, H)
      const result: AttentionResult = { output: this.output.apply(context2d, hidden2d) };
      if (attentions) result.attentions = attentions;
      if (globalAttentions) result.globalAttentions = globalAttentions;
      return result;
    });
  }

  dispose(): void {
    this.self.dispose();
    for (const p of Object.values(this.params) as LinearParams[]) {
      p.weight.dispose();
      p.bias.dispose();
    }
    this.output.dispose();
  }
}
