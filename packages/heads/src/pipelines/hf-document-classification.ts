import type { LongformerTokenizerCore } from "@longformer-ts/tokenizer";
import type { LongformerForSequenceClassification } from "../models/sequence-classification.js";
import type { ClassifyDocumentOptions, DocumentClassification } from "./document-classification.js";
import { checkFiniteLogits } from "./finite-output.js";
import { modelTokenLimit } from "./pipeline-base.js";
import { encodePlainBatch } from "./plain-layout.js";
import { classifyRow } from "./scores.js";
import { takeLogits } from "./take-logits.js";

/**
 * `classifyDocument` for HF's own `LongformerForSequenceClassification` head: HF checkpoints were fine-tuned on
 * `[CLS] text [SEP]` (no HAT blocks), global attention on `[CLS]`; padding is masked, so a result does not depend
 * on the batch. `grouping` and `padding` (HAT layout options) do not apply.
 */
export async function classifyPlainBatch(
  model: LongformerForSequenceClassification,
  tokenizer: LongformerTokenizerCore,
  texts: string[],
  firstIndex: number,
  options: ClassifyDocumentOptions,
): Promise<DocumentClassification[]> {
  const batch = await encodePlainBatch(
    tokenizer,
    texts,
    modelTokenLimit(model.config),
    (i) => `classifyDocument: text ${firstIndex + i}`,
  );
  const out = model.forward({ inputIds: batch.inputIds, attentionMask: batch.attentionMask });
  const logits = takeLogits(out); // (B, numLabels)
  const labels = model.labels;
  const n = labels.length;
  checkFiniteLogits(logits, n, "classifyDocument", (i) => `text ${firstIndex + i}`);
  return texts.map((_, i) => ({
    ...classifyRow(logits.subarray(i * n, (i + 1) * n), labels, model.problemType, options),
    warnings: batch.warnings[i] ?? [],
  }));
}
