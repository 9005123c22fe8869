import type { WeightMap } from "@longformer-ts/convert";
import type { ForwardOptions, LongformerConfig, LongformerInputs } from "@longformer-ts/encoder";
import { tidyResult } from "@longformer-ts/encoder/modules";
import * as tf from "@tensorflow/tfjs-core";
import { HeadsError } from "../errors.js";
import type { HeadInputs } from "../inputs/head-inputs.js";
import { DECODER_BIAS, DECODER_WEIGHT, LongformerLMHead } from "../modules/lm-head.js";
import { prepareHeadWeights } from "../weights/head-weights.js";
import { buildWithEncoder, HeadModel, type HeadModelOptions, type HeadModelOutput } from "./head-model.js";

/** A `[batchRow, position]` pair. */
export type TokenPosition = readonly [number, number];

export interface MaskedLMForwardOptions extends ForwardOptions {
  /** Positions whose vocabulary logits to compute; rows of `maskedLogits` follow this order. */
  positions?: readonly TokenPosition[];
  /** Select every position holding this id (e.g. the tokenizer's mask id) when `positions` is not given. */
  maskTokenId?: number;
  /** Also project every position: `logits` (B, L, vocab). Costly (16 GFLOP at 1024 x 30522 x 256). */
  fullLogits?: boolean;
}

export interface MaskedLMOutput extends HeadModelOutput {
  /** The positions `maskedLogits` rows belong to, in row order (row-major when found by `maskTokenId`). */
  maskedPositions: Array<[number, number]>;
  /** (positions, vocab): present when `positions` or `maskTokenId` was given. */
  maskedLogits?: tf.Tensor2D;
  /** (B, L, vocab): only with `fullLogits`. */
  logits?: tf.Tensor3D;
}

function findPositions(inputs: HeadInputs, options: MaskedLMForwardOptions): Array<[number, number]> | undefined {
  const { batch, seqLen } = inputs;
  if (options.positions) {
    return options.positions.map((pair, i) => {
      const [b, p] = pair ?? [];
      if (!Number.isInteger(b) || !Number.isInteger(p) || b! < 0 || b! >= batch || p! < 0 || p! >= seqLen) {
        throw new HeadsError(
          "INVALID_INPUT",
          `positions[${i}] = ${JSON.stringify(pair)} is not a [row, position] inside the input (${batch} x ${seqLen})`,
        );
      }
      return [b!, p!];
    });
  }
  if (options.maskTokenId === undefined) return undefined;
  const found: Array<[number, number]> = [];
  inputs.inputIds.forEach((id, i) => {
    if (id === options.maskTokenId) found.push([Math.floor(i / seqLen), i % seqLen]);
  });
  return found;
}

/**
 * HAT `LongformerForMaskedLM`: the encoder with global attention on every CLS/SEP token, then HF's LM head.
 * The head runs only on the positions asked for (`positions` / `maskTokenId`); the full projection only with
 * `fullLogits`.
 *
 * @example
 * const mlm = await LongformerForMaskedLM.fromPretrained("models/longformer-mini-1024");
 * const out = mlm.forward({ inputIds: [[101, 1996, 103, 2003, 102]] }, { maskTokenId: 103 });
 * out.maskedLogits?.shape; // [1, 30522]
 * disposeOutput(out);
 */
export class LongformerForMaskedLM extends HeadModel {
  readonly task = "fill-mask" as const;
  readonly lmHead: LongformerLMHead;

  private constructor(
    config: LongformerConfig,
    encoder: HeadModel["encoder"],
    lmHead: LongformerLMHead,
    options: HeadModelOptions,
  ) {
    super(config, encoder, options, "special-tokens");
    this.lmHead = lmHead;
  }

  /**
   * Builds the model from a weight map. The decoder is tied to the word embeddings: a map without
   * `lm_head.decoder.weight` (as `save_pretrained` writes safetensors) reads the embeddings instead.
   */
  static fromWeights(
    config: LongformerConfig,
    weights: WeightMap,
    options: HeadModelOptions = {},
  ): LongformerForMaskedLM {
    const { reader, prefix } = prepareHeadWeights(
      config,
      weights,
      {
        head: "LongformerForMaskedLM",
        task: "fill-mask",
        specs: LongformerLMHead.weightSpecs(config),
        unused: (name) => name === DECODER_WEIGHT || name === DECODER_BIAS,
      },
      options,
    );
    return buildWithEncoder(config, reader, prefix, options, (encoder) => {
      const lmHead = new LongformerLMHead(config, reader, `${prefix}embeddings.word_embeddings.weight`);
      try {
        return new LongformerForMaskedLM(config, encoder, lmHead, options);
      } catch (error) {
        lmHead.dispose();
        throw error;
      }
    });
  }

  forward(inputs: LongformerInputs, options: MaskedLMForwardOptions = {}): MaskedLMOutput {
    return tidyResult(() => {
      let positions: Array<[number, number]> | undefined;
      const batch = this.encode(inputs, options, (prepared) => {
        positions = findPositions(prepared, options);
      });
      const hidden = batch.encoded.lastHiddenState; // (B, L, H)
      const [b, len, h] = hidden.shape;
      const out: MaskedLMOutput = { ...this.passThrough(batch), maskedPositions: positions ?? [] };
      if (positions) {
        // Gather the rows first: the decoder then costs N x H x vocab instead of B x L x H x vocab.
        const rows = tf.tensor1d(
          positions.map(([row, p]) => row * len + p),
          "int32",
        ); // (N)
        const gathered = tf.gather(tf.reshape(hidden, [b * len, h]), rows); // (N, H)
        out.maskedLogits = this.lmHead.forward(gathered) as tf.Tensor2D; // (N, vocab)
      }
      if (options.fullLogits) out.logits = this.lmHead.forward(hidden) as tf.Tensor3D; // (B, L, vocab)
      return out;
    });
  }

  protected disposeHead(): void {
    this.lmHead.dispose();
  }
}
