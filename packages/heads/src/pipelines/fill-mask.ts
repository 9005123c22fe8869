import type { Grouping } from "@longformer-ts/tokenizer";
import { HeadsError } from "../errors.js";
import { disposeOutput } from "../models/head-model.js";
import { LongformerForMaskedLM } from "../models/masked-lm.js";
import { checkFiniteLogits } from "./finite-output.js";
import { checkText, modelTokenLimit, Pipeline } from "./pipeline-base.js";
import { topKSoftmax } from "./scores.js";
import type { PipelineWarning } from "./warnings.js";
import { truncationWarnings } from "./warnings.js";

/** Mask spellings accepted in a text besides the tokenizer's own (the model card writes `<mask>`). */
export const MASK_ALIASES: readonly string[] = ["<mask>", "[MASK]"];

export interface FillMaskOptions {
  /** Candidates per mask (default 5). */
  topK?: number;
  /** How the text is cut into HAT blocks (default `"uniform"`, as in HAT's MLM pre-training). */
  grouping?: Grouping;
  /** Token limit (default: the model's `model_max_length`). */
  maxLength?: number;
}

export interface FillMaskCandidate {
  /** Softmax probability over the vocabulary. */
  score: number;
  /** Token id. */
  token: number;
  /** The token as text (`tokenizer.decode([token])`). */
  tokenStr: string;
  /** The input text with this mask filled in (other masks left as written). */
  sequence: string;
}

export interface MaskPrediction {
  /** Where the mask is in the text as given: `text.slice(charStart, charEnd)` is the mask marker. */
  charStart: number;
  charEnd: number;
  /** Its position in the model input (HAT block layout). */
  position: number;
  /** Best first. */
  predictions: FillMaskCandidate[];
}

export interface FillMaskResult {
  /** One entry per mask that fits in the model, in text order. */
  masks: MaskPrediction[];
  warnings: PipelineWarning[];
}

interface Marker {
  start: number;
  end: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every mask marker in `text`, in order (longest spelling first so `[MASK]` never splits). */
function findMarkers(text: string, spellings: readonly string[]): Marker[] {
  const pattern = new RegExp(
    [...spellings]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join("|"),
    "g",
  );
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** The text with one marker replaced by a predicted piece; a `##` continuation joins the previous word as in HF's decode. */
function fillMarker(text: string, marker: Marker, tokenStr: string): string {
  if (tokenStr.startsWith("##"))
    return text.slice(0, marker.start).trimEnd() + tokenStr.slice(2) + text.slice(marker.end);
  return text.slice(0, marker.start) + tokenStr + text.slice(marker.end);
}

/**
 * fill-mask: predicts the token behind every mask of a text. The text is laid out in HAT blocks (as the model
 * was pre-trained), and only the masked positions go through the vocabulary projection.
 *
 * @example
 * const fill = await FillMaskPipeline.fromPretrained("models/longformer-mini-1024", { backend: "wasm" });
 * const { masks, warnings } = await fill.fillMask("The lighthouse keeper climbed the <mask> every night.", { topK: 3 });
 * masks[0].predictions; // [{ score, token, tokenStr, sequence }, ...]
 * fill.dispose();
 */
export class FillMaskPipeline extends Pipeline<LongformerForMaskedLM> {
  static readonly modelClass = LongformerForMaskedLM;

  async fillMask(text: string, options: FillMaskOptions = {}): Promise<FillMaskResult> {
    this.checkAlive();
    checkText(text, "fillMask: text");
    const topK = options.topK ?? 5;
    if (!Number.isInteger(topK) || topK < 1) {
      throw new HeadsError("INVALID_OPTION", `fillMask: topK must be a positive integer, got ${topK}`);
    }
    const { maskToken, maskTokenId } = this.tokenizer;
    if (maskToken === undefined || maskTokenId === undefined) {
      throw new HeadsError("TOKENIZER_HAS_NO_MASK", "fillMask: the tokenizer has no mask token");
    }
    const markerSpellings = [...new Set([maskToken, ...MASK_ALIASES])];
    const markers = findMarkers(text, markerSpellings);
    if (markers.length === 0) {
      throw new HeadsError(
        "NO_MASK_TOKEN",
        `fillMask: the text has no mask; write ${markerSpellings.join(" or ")} where a token should be predicted`,
      );
    }
    // The tokenizer only knows its own mask token: rewrite the aliases, keep the character positions of the original.
    let normalized = "";
    let from = 0;
    for (const m of markers) {
      normalized += text.slice(from, m.start) + maskToken;
      from = m.end;
    }
    normalized += text.slice(from);

    const doc = await this.tokenizer.encodeDocument(normalized, {
      grouping: options.grouping ?? "uniform",
      maxLength: options.maxLength ?? modelTokenLimit(this.model.config),
      padding: "blocks",
    });
    const positions = doc.inputIds.flatMap((id, i) => (id === maskTokenId ? [i] : []));
    const warnings = truncationWarnings(doc.truncation, "fillMask: the text");
    if (positions.length < markers.length) {
      const dropped = markers.length - positions.length;
      if (positions.length === 0) {
        throw new HeadsError(
          "NO_MASK_TOKEN",
          `fillMask: ${markers.length === 1 ? "the text's only mask lies" : `all ${markers.length} masks lie`} beyond the model's ${doc.inputIds.length}-token limit (text cut at character ${doc.truncation.keptCharEnd})`,
        );
      }
      warnings.push({
        code: "MASKS_DROPPED",
        message: `fillMask: ${dropped} of ${markers.length} masks lie beyond the model's length limit and got no prediction`,
      });
    }

    const out = this.model.forward(
      { inputIds: [doc.inputIds], attentionMask: [doc.attentionMask], tokenTypeIds: [doc.tokenTypeIds] },
      { positions: positions.map((p) => [0, p] as const) },
    );
    let logits: Float32Array;
    try {
      logits = out.maskedLogits!.dataSync() as Float32Array; // (masks, vocab)
    } finally {
      disposeOutput(out);
    }
    const vocab = this.model.config.vocabSize;
    checkFiniteLogits(logits, vocab, "fillMask", (i) => `mask ${i} (position ${positions[i]})`);
    const masks: MaskPrediction[] = [];
    for (let i = 0; i < positions.length; i++) {
      const marker = markers[i] as Marker;
      const predictions: FillMaskCandidate[] = [];
      for (const best of topKSoftmax(logits, i * vocab, vocab, topK)) {
        const tokenStr = await this.tokenizer.decode([best.index], { skipSpecialTokens: false });
        predictions.push({
          score: best.probability,
          token: best.index,
          tokenStr,
          sequence: fillMarker(text, marker, tokenStr),
        });
      }
      masks.push({ charStart: marker.start, charEnd: marker.end, position: positions[i] as number, predictions });
    }
    return { masks, warnings };
  }
}
