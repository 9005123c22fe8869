import type { AttentionKernelName, AttentionMaskInfo } from "@longformer-ts/attention";
import * as tf from "@tensorflow/tfjs-core";
import type { LongformerConfig } from "../config/longformer-config.js";
import type { WeightReader, WeightSpec } from "../weights/weight-reader.js";
import { LongformerAttention } from "./attention.js";
import { LongformerIntermediate, LongformerOutput } from "./feed-forward.js";
import { tidyResult } from "./tidy.js";

export interface LayerResult {
  hidden: tf.Tensor3D; // (B, L, H)
  attentions?: tf.Tensor4D; // (B, heads, L, G + 2w + 1)
  globalAttentions?: tf.Tensor4D; // (B, heads, L, G)
}

/** HF `LongformerLayer` (`encoder.layer.<i>.*`): attention, then the feed-forward block, each with residual + LayerNorm. */
export class LongformerLayer {
  private readonly attention: LongformerAttention;
  private readonly intermediate: LongformerIntermediate;
  private readonly output: LongformerOutput;

  constructor(
    config: LongformerConfig,
    reader: WeightReader,
    prefix: string,
    layerIndex: number,
    kernel?: AttentionKernelName,
  ) {
    this.attention = new LongformerAttention(config, reader, `${prefix}attention.`, layerIndex, kernel);
    this.intermediate = new LongformerIntermediate(config, reader, `${prefix}intermediate.`);
    this.output = new LongformerOutput(config, reader, `${prefix}output.`);
  }

  static weightSpecs(config: LongformerConfig, prefix: string): WeightSpec[] {
    return [
      ...LongformerAttention.weightSpecs(config, `${prefix}attention.`),
      ...LongformerIntermediate.weightSpecs(config, `${prefix}intermediate.`),
      ...LongformerOutput.weightSpecs(config, `${prefix}output.`),
    ];
  }

  /** hidden (B, L, H) -> (B, L, H). Projections and the feed-forward run as 2-D matMuls on (N = B*L, H). */
  forward(hidden: tf.Tensor3D, mask: AttentionMaskInfo, outputAttentions: boolean): LayerResult {
    return tidyResult(() => {
      const attention = this.attention.forward(hidden, mask, outputAttentions); // output (N, H)
      const intermediate = this.intermediate.forward(attention.output); // (N, F)
      const layerOutput = this.output.forward(intermediate, attention.output); // (N, H)
      const result: LayerResult = { hidden: tf.reshape(layerOutput, hidden.shape) };
      if (attention.attentions) result.attentions = attention.attentions;
      if (attention.globalAttentions) result.globalAttentions = attention.globalAttentions;
      return result;
    });
  }

  dispose(): void {
    this.attention.dispose();
    this.intermediate.dispose();
    this.output.dispose();
  }
}
