import type { LongformerConfig, WeightReader, WeightSpec } from "@longformer-ts/encoder";
import { Linear, type LinearPart } from "@longformer-ts/encoder/modules";
import type * as tf from "@tensorflow/tfjs-core";
import { HeadsError } from "../errors.js";
import { checkPooling, HatPooler, type Pooling, poolingUsesSentencizer } from "../modules/hat-pooler.js";
import { HatSentencizer } from "../modules/sentencizer.js";

/** HAT's `classifier`: a plain linear layer `(outputs, H)`. */
export function classifierPart(config: LongformerConfig, outputs: number): LinearPart {
  return { name: "classifier", inFeatures: config.hiddenSize, outFeatures: outputs };
}

/**
 * Weights a HAT checkpoint carries for poolings other than the one in use: one fine-tuned directory serves
 * every pooling (`'first'`/`'last'` ignore the sentencizer, all but `'attentive'` ignore its projections).
 */
export function unusedPoolingWeights(pooling: Pooling): (name: string) => boolean {
  return (name) =>
    (!poolingUsesSentencizer(pooling) && name.startsWith("sentencizer.")) ||
    (pooling !== "attentive" && name.startsWith("pooler.attentive_pooling."));
}

/** The pooling option, else a `pooling` key in config.json (HAT keeps it out of the config, but fine-tuners add it), else `fallback`. */
export function choosePooling(
  config: LongformerConfig,
  requested: unknown,
  allowed: readonly Pooling[],
  fallback: Pooling,
  head: string,
): Pooling {
  if (requested !== undefined) return checkPooling(requested, allowed, head);
  const fromConfig = config.raw.pooling;
  if (fromConfig === undefined || fromConfig === null) return fallback;
  return checkPooling(fromConfig, allowed, `${head} (config.json "pooling")`);
}

/** HAT's pooled classification head: [sentencizer] -> pooler -> classifier (document classification, multiple choice). */
export interface HatPooledHead {
  sentencizer: HatSentencizer | undefined;
  pooler: HatPooler;
  classifier: Linear;
}

/** Weight specs of a `HatPooledHead` with `outputs` classifier rows. */
export function hatPooledHeadSpecs(config: LongformerConfig, pooling: Pooling, outputs: number): WeightSpec[] {
  return [
    ...(poolingUsesSentencizer(pooling) ? HatSentencizer.weightSpecs(config) : []),
    ...HatPooler.weightSpecs(config, pooling),
    ...Linear.weightSpecs(classifierPart(config, outputs)),
  ];
}

export function buildHatPooledHead(
  config: LongformerConfig,
  reader: WeightReader,
  pooling: Pooling,
  blockSize: number,
  outputs: number,
): HatPooledHead {
  const built: { dispose(): void }[] = [];
  try {
    const sentencizer = poolingUsesSentencizer(pooling) ? new HatSentencizer(config, reader, blockSize) : undefined;
    if (sentencizer) built.push(sentencizer);
    const pooler = new HatPooler(config, reader, pooling, blockSize);
    built.push(pooler);
    const classifier = Linear.fromReader(reader, classifierPart(config, outputs));
    return { sentencizer, pooler, classifier };
  } catch (error) {
    for (const module of built) module.dispose();
    throw error;
  }
}

/** hidden (B, L, H) -> sentence vectors (for max/attentive), pooled (B, H), classifier output (B, outputs). */
export function forwardHatPooledHead(
  head: HatPooledHead,
  hidden: tf.Tensor3D,
): { sentenceOutputs: tf.Tensor3D | undefined; pooledOutput: tf.Tensor2D; logits: tf.Tensor2D } {
  const sentenceOutputs = head.sentencizer?.forward(hidden); // (B, nBlocks, H)
  const pooledOutput = head.pooler.forward(hidden, sentenceOutputs); // (B, H)
  const logits = head.classifier.forward(pooledOutput) as tf.Tensor2D; // (B, outputs)
  return { sentenceOutputs, pooledOutput, logits };
}

export function disposeHatPooledHead(head: HatPooledHead): void {
  head.sentencizer?.dispose();
  head.pooler.dispose();
  head.classifier.dispose();
}

/** Rejects `pooling: "last"` on inputs shorter than one block (it reads position `-blockSize`). */
export function checkLastPoolingFits(pooling: Pooling, blockSize: number, seqLen: number): void {
  if (pooling === "last" && seqLen < blockSize) {
    throw new HeadsError(
      "INVALID_INPUT",
      `pooling "last" reads position -max_sentence_length (-${blockSize}); the input has only ${seqLen} tokens`,
    );
  }
}
