/** What a head model is for; also the pipeline task names. */
export type HeadTask =
  | "fill-mask"
  | "document-classification"
  | "sentence-tagging"
  | "multiple-choice"
  | "question-answering"
  | "token-classification";

/**
 * `config.architectures` names this package loads, with the task they serve. The HAT names are those of the
 * HAT code and the `kiddothe2b/*` checkpoints; HF's `LongformerForSequenceClassification` is accepted too (its
 * `classifier.dense`/`classifier.out_proj` head is recognised from the weights).
 */
export const SUPPORTED_ARCHITECTURES: Readonly<Record<string, HeadTask>> = {
  LongformerForMaskedLM: "fill-mask",
  LongformerModelForSequenceClassification: "document-classification",
  LongformerForSequenceClassification: "document-classification",
  LongformerModelForSentenceClassification: "sentence-tagging",
  LongformerForMultipleChoice: "multiple-choice",
  LongformerForQuestionAnswering: "question-answering",
  LongformerForTokenClassification: "token-classification",
};

/** The class of this package that serves each task (for messages). */
export const CLASS_FOR_TASK: Readonly<Record<HeadTask, string>> = {
  "fill-mask": "LongformerForMaskedLM",
  "document-classification": "LongformerForSequenceClassification",
  "sentence-tagging": "LongformerForSentenceClassification",
  "multiple-choice": "LongformerForMultipleChoice",
  "question-answering": "LongformerForQuestionAnswering",
  "token-classification": "LongformerForTokenClassification",
};

/** Architectures we know but do not implement, with the reason given to the user. */
export const UNSUPPORTED_ARCHITECTURES: Readonly<Record<string, string>> = {
  LongformerModel:
    "it is a bare encoder without a task head: run it with LongformerModel from @longformer-ts/encoder, or fine-tune a head first",
  LongformerModelForPreTraining:
    "HAT's pre-training model (MLM + sentence/document prediction heads) is not implemented; its lm_head can be loaded with LongformerForMaskedLM.fromWeights(..., { ignoreArchitecture: true, strict: false })",
};

/** The task of the first architecture this package supports, if any. */
export function taskOfArchitectures(architectures: readonly string[]): HeadTask | undefined {
  for (const name of architectures) {
    const task = SUPPORTED_ARCHITECTURES[name];
    if (task) return task;
  }
  return undefined;
}
