import type { CharSpan, Grouping } from "@longformer-ts/tokenizer";
import { HeadsError } from "../errors.js";
import { LongformerForSentenceClassification } from "../models/sentence-classification.js";
import { checkFiniteLogits } from "./finite-output.js";
import { checkText, modelTokenLimit, Pipeline } from "./pipeline-base.js";
import { type Classification, classifyRow } from "./scores.js";
import { takeLogits } from "./take-logits.js";
import { type PipelineWarning, truncationWarnings } from "./warnings.js";

export interface TagSentencesOptions {
  /** Default `"sentences"`: each block holds whole sentences, so a label belongs to those sentences. */
  grouping?: Grouping;
  /** Default `"maxLength"` (see `ClassifyDocumentOptions.padding`). */
  padding?: "maxLength" | "blocks";
  topK?: number;
  threshold?: number;
}

export interface TaggedSegment extends Classification {
  /** Block number in the model input. */
  block: number;
  /** Characters of the segment's sentences: `text.slice(charStart, charEnd)`. */
  charStart: number;
  charEnd: number;
  text: string;
  /** The spans of the sentences in the segment (a sentence longer than a block is shared by consecutive segments). */
  sentences: CharSpan[];
}

export interface SentenceTaggingResult {
  segments: TaggedSegment[];
  warnings: PipelineWarning[];
}

/**
 * Sequential sentence classification with HAT's sentence-classification head: one label per segment (block of
 * whole sentences), with the character span of its sentences.
 *
 * @example
 * const tagger = await SentenceTaggingPipeline.fromPretrained("models/my-hat-sentence-tagger");
 * const { segments } = await tagger.tagSentences(text); // [{ label, score, charStart, charEnd, text, ... }]
 * tagger.dispose();
 */
export class SentenceTaggingPipeline extends Pipeline<LongformerForSentenceClassification> {
  static readonly modelClass = LongformerForSentenceClassification;

  /** `text` is a string (split into sentences with `Intl.Segmenter`) or a list of sentences. */
  async tagSentences(text: string | string[], options: TagSentencesOptions = {}): Promise<SentenceTaggingResult> {
    this.checkAlive();
    if (Array.isArray(text)) {
      if (text.length === 0) throw new HeadsError("EMPTY_TEXT", "tagSentences: the list of sentences is empty");
      checkText(text.join(" "), "tagSentences: sentences");
    } else checkText(text, "tagSentences: text");
    const doc = await this.tokenizer.encodeDocument(text, {
      grouping: options.grouping ?? "sentences",
      maxLength: modelTokenLimit(this.model.config),
      padding: options.padding ?? "maxLength",
    });
    const out = this.model.forward({
      inputIds: [doc.inputIds],
      attentionMask: [doc.attentionMask],
      tokenTypeIds: [doc.tokenTypeIds],
    });
    const logits = takeLogits(out); // (1, nBlocks, numLabels)
    const labels = this.model.labels;
    const n = labels.length;
    checkFiniteLogits(logits, n, "tagSentences", (block) => `block ${block}`);
    const segments = doc.blocks.map((block): TaggedSegment => {
      const sentences = block.sentenceIndices.map((i) => doc.sentences[i] as CharSpan);
      const charStart = Math.min(block.charStart, ...sentences.map((s) => s[0]));
      const charEnd = Math.max(block.charEnd, ...sentences.map((s) => s[1]));
      return {
        ...classifyRow(
          logits.subarray(block.index * n, (block.index + 1) * n),
          labels,
          this.model.problemType,
          options,
        ),
        block: block.index,
        charStart,
        charEnd,
        text: doc.text.slice(charStart, charEnd),
        sentences,
      };
    });
    return { segments, warnings: truncationWarnings(doc.truncation, "tagSentences: the text") };
  }
}
