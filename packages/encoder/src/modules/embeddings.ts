import * as tf from "@tensorflow/tfjs-core";
import type { LongformerConfig } from "../config/longformer-config.js";
import type { WeightReader, WeightSpec } from "../weights/weight-reader.js";
import { LayerNorm, type LayerNormPart } from "./layer-norm.js";

/**
 * HF's `create_position_ids_from_input_ids`: real tokens are numbered `pad + 1, pad + 2, ...` counting only
 * non-padding tokens, every padding token gets `pad`. Positions come from the ids, not from the attention
 * mask or the index, so a padded block in the middle of a row does not advance the numbering.
 */
export function createPositionIds(inputIds: Int32Array, batch: number, seqLen: number, padTokenId: number): Int32Array {
  const positions = new Int32Array(batch * seqLen);
  for (let b = 0; b < batch; b++) {
    let count = 0;
    for (let i = 0; i < seqLen; i++) {
      const at = b * seqLen + i;
      if (inputIds[at] !== padTokenId) {
        count++;
        positions[at] = count + padTokenId;
      } else positions[at] = padTokenId;
    }
  }
  return positions;
}

/** Token ids as flat row-major `(batch, seqLen)` arrays, already padded to the encoder's length. */
export interface EmbeddingInputs {
  batch: number;
  seqLen: number;
  inputIds: Int32Array;
  tokenTypeIds: Int32Array;
}

/**
 * HF `LongformerEmbeddings`: `LayerNorm(word[id] + position[p] + token_type[t])` (dropout is off at inference).
 * The three lookup tables stay on the JS side: the ids are there anyway, gathering B*L rows in JS is a few ms,
 * while tfjs-wasm's gather is slow (~15 ms per 1024 rows of 256) and a tensor copy of the word table would
 * double its memory.
 */
export class LongformerEmbeddings {
  private readonly config: LongformerConfig;
  private readonly wordEmbeddings: Float32Array; // (vocab, H)
  private readonly positionEmbeddings: Float32Array; // (maxPositions, H)
  private readonly tokenTypeEmbeddings: Float32Array; // (typeVocab, H)
  private readonly layerNorm: LayerNorm;

  constructor(config: LongformerConfig, reader: WeightReader, prefix: string) {
    const [word, position, tokenType] = LongformerEmbeddings.weightSpecs(config, prefix);
    this.config = config;
    this.wordEmbeddings = reader.takeArray(word!.name, word!.shape);
    this.positionEmbeddings = reader.takeArray(position!.name, position!.shape);
    this.tokenTypeEmbeddings = reader.takeArray(tokenType!.name, tokenType!.shape);
    this.layerNorm = LayerNorm.fromReader(reader, LongformerEmbeddings.layerNormPart(config, prefix));
  }

  private static layerNormPart(config: LongformerConfig, prefix: string): LayerNormPart {
    return { name: `${prefix}LayerNorm`, size: config.hiddenSize, eps: config.layerNormEps };
  }

  /** `prefix` is the module path, e.g. `longformer.embeddings.` */
  static weightSpecs(config: LongformerConfig, prefix: string): WeightSpec[] {
    const h = config.hiddenSize;
    return [
      { name: `${prefix}word_embeddings.weight`, shape: [config.vocabSize, h] },
      { name: `${prefix}position_embeddings.weight`, shape: [config.maxPositionEmbeddings, h] },
      { name: `${prefix}token_type_embeddings.weight`, shape: [config.typeVocabSize, h] },
      ...LayerNorm.weightSpecs(LongformerEmbeddings.layerNormPart(config, prefix)),
    ];
  }

  /**
   * The embeddings before LayerNorm as the two float32 addends of HF's last add, (B*L, H) each:
   * `inputs_embeds + position_embeddings` and `token_type_embeddings`. Ids must be validated.
   */
  lookUp(inputs: EmbeddingInputs): { wordAndPosition: Float32Array; tokenType: Float32Array } {
    const { batch, seqLen, inputIds, tokenTypeIds } = inputs;
    const h = this.config.hiddenSize;
    const positionIds = createPositionIds(inputIds, batch, seqLen, this.config.padTokenId);
    const wordAndPosition = new Float32Array(batch * seqLen * h);
    const tokenType = new Float32Array(batch * seqLen * h);
    const word = this.wordEmbeddings;
    const position = this.positionEmbeddings;
    const type = this.tokenTypeEmbeddings;
    for (let t = 0; t < batch * seqLen; t++) {
      const w = inputIds[t]! * h;
      const p = positionIds[t]! * h;
      const o = t * h;
      for (let j = 0; j < h; j++) wordAndPosition[o + j] = word[w + j]! + position[p + j]!; // rounded by the store
      tokenType.set(type.subarray(tokenTypeIds[t]! * h, (tokenTypeIds[t]! + 1) * h), o);
    }
    return { wordAndPosition, tokenType };
  }

  /** -> (B, L, H): LayerNorm((word + position) + token type), the residual LayerNorm doing the last add. */
  forward(inputs: EmbeddingInputs): tf.Tensor3D {
    const { wordAndPosition, tokenType } = this.lookUp(inputs);
    const shape: [number, number] = [inputs.batch * inputs.seqLen, this.config.hiddenSize];
    return tf.tidy(() => {
      const normed = this.layerNorm.forwardWithResidual(
        tf.tensor2d(wordAndPosition, shape),
        tf.tensor2d(tokenType, shape),
      );
      return tf.reshape(normed, [inputs.batch, inputs.seqLen, this.config.hiddenSize]);
    });
  }

  dispose(): void {
    this.layerNorm.dispose();
  }
}
