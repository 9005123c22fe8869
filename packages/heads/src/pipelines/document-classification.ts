import type { Grouping } from "@longformer-ts/tokenizer";
import { HeadsError } from "../errors.js";
import { LongformerForSequenceClassification } from "../models/sequence-classification.js";
import { checkFiniteLogits } from "./finite-output.js";
import { classifyPlainBatch } from "./hf-document-classification.js";
import { batchSizeOption, checkText, modelTokenLimit, Pipeline } from "./pipeline-base.js";
import { type Classification, classifyRow } from "./scores.js";
import { takeLogits } from "./take-logits.js";
import { type PipelineWarning, truncationWarnings } from "./warnings.js";

export interface ClassifyDocumentOptions {
  /** Keep the `topK` best labels in `scores` (default: all). */
  topK?: number;
  /** Documents per forward pass (default 8). */
  batchSize?: number;
  /** How the text is cut into blocks (default `"sentences"`: whole sentences per block, as HAT fine-tunes). */
  grouping?: Grouping;
  /**
   * Default `"maxLength"`: every document is padded to the model length, so a result does not depend on the
   * other documents of the batch (`'max'` pools over padding blocks and `'last'` reads position -block size).
   */
  padding?: "maxLength" | "blocks";
  /** Multi-label: minimum sigmoid score for `labels` (default 0.5). */
  threshold?: number;
}

export interface DocumentClassification extends Classification {
  warnings: PipelineWarning[];
}

/**
 * Document classification with HAT's sequence-classification head; label names from `id2label`.
 *
 * @example
 * const clf = await DocumentClassificationPipeline.fromPretrained("models/my-hat-classifier");
 * const result = await clf.classifyDocument(longText); // { label, score, scores, labels, warnings }
 * clf.dispose();
 */
export class DocumentClassificationPipeline extends Pipeline<LongformerForSequenceClassification> {
  static readonly modelClass = LongformerForSequenceClassification;

  classifyDocument(text: string, options?: ClassifyDocumentOptions): Promise<DocumentClassification>;
  classifyDocument(texts: string[], options?: ClassifyDocumentOptions): Promise<DocumentClassification[]>;
  async classifyDocument(
    input: string | string[],
    options: ClassifyDocumentOptions = {},
  ): Promise<DocumentClassification | DocumentClassification[]> {
    this.checkAlive();
    const single = !Array.isArray(input);
    const texts = single ? [input] : input;
    if (texts.length === 0) throw new HeadsError("EMPTY_TEXT", "classifyDocument: the list of texts is empty");
    texts.forEach((t, i) => {
      checkText(t, single ? "classifyDocument: text" : `classifyDocument: texts[${i}]`);
    });
    const batchSize = batchSizeOption(options.batchSize, 8, "classifyDocument");
    const results: DocumentClassification[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      results.push(...(await this.classifyBatch(texts.slice(start, start + batchSize), start, options)));
    }
    return single ? (results[0] as DocumentClassification) : results;
  }

  private async classifyBatch(
    texts: string[],
    firstIndex: number,
    options: ClassifyDocumentOptions,
  ): Promise<DocumentClassification[]> {
    if (this.model.headStyle === "hf")
      return classifyPlainBatch(this.model, this.tokenizer, texts, firstIndex, options);
    const batch = await this.tokenizer.encodeDocumentBatch(texts, {
      grouping: options.grouping ?? "sentences",
      maxLength: modelTokenLimit(this.model.config),
      padding: options.padding ?? "maxLength",
    });
    const out = this.model.forward({
      inputIds: batch.inputIds,
      attentionMask: batch.attentionMask,
      tokenTypeIds: batch.tokenTypeIds,
    });
    const logits = takeLogits(out); // (B, numLabels)
    const labels = this.model.labels;
    const n = labels.length;
    checkFiniteLogits(logits, n, "classifyDocument", (i) => `text ${firstIndex + i}`);
    return batch.documents.map((doc, i) => ({
      ...classifyRow(logits.subarray(i * n, (i + 1) * n), labels, this.model.problemType, options),
      warnings: truncationWarnings(doc.truncation, `classifyDocument: text ${firstIndex + i}`),
    }));
  }
}
