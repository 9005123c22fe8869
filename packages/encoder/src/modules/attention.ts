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
import { Linear, type LinearPart } from "./linear.js";
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
    const take = (part: LinearPart): LinearParams => {
      const [weight, bias] = Linear.weightSpecs(part);
      return {
        weight: reader.take(weight!.name, weight!.shape) as tf.Tensor2D,
        bias: reader.take(bias!.name, bias!.shape) as tf.Tensor1D,
      };
    };
    this.params = Object.fromEntries(
      LongformerAttention.projectionParts(config, prefix).map(([key, part]) => [key, take(part)]),
    ) as unknown as SelfAttentionParams;
    this.self = new LongformerSelfAttention(
      this.params,
      { hiddenSize: h, numHeads: config.numAttentionHeads, attentionWindow: config.attentionWindow[layerIndex]! },
      { kernel },
    );
    this.output = new LongformerSelfOutput(config, reader, `${prefix}output.`);
  }

  /** The six `(H, H)` projections, handed to @longformer-ts/attention as the checkpoint stores them (`(out, in)`). */
  private static projectionParts(config: LongformerConfig, prefix: string): [keyof SelfAttentionParams, LinearPart][] {
    const h = config.hiddenSize;
    return PROJECTIONS.map(([key, name]) => [key, { name: `${prefix}self.${name}`, inFeatures: h, outFeatures: h }]);
  }

  static weightSpecs(config: LongformerConfig, prefix: string): WeightSpec[] {
    return [
      ...LongformerAttention.projectionParts(config, prefix).flatMap(([, part]) => Linear.weightSpecs(part)),
      ...LongformerSelfOutput.weightSpecs(config, `${prefix}output.`),
    ];
  }

  /** hidden (B, L, H) -> output (N = B*L, H) plus HF's attention probabilities when asked. */
  forward(hidden: tf.Tensor3D, mask: AttentionMaskInfo, outputAttentions: boolean): AttentionResult {
    return tidyResult(() => {
      const [batch, seqLen, h] = hidden.shape;
      const { context, attentions, globalAttentions } = this.self.forward(hidden, mask, { outputAttentions }); // (B, L, H)
      const context2d = tf.reshape(context, [batch * seqLen, h]) as tf.Tensor2D; // (N, H)
      const hidden2d = tf.reshape(hidden, [batch * seqLen, h]) as tf.Tensor2D; // (N, H)
      const result: AttentionResult = { output: this.output.forward(context2d, hidden2d) };
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
