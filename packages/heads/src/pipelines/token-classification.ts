import { HeadsError } from "../errors.js";
import { LongformerForTokenClassification } from "../models/hf-token-classification.js";
import { checkFiniteLogits } from "./finite-output.js";
import { batchSizeOption, checkText, modelTokenLimit, Pipeline } from "./pipeline-base.js";
import { softmax } from "./scores.js";
import { takeLogits } from "./take-logits.js";
import {
  aggregateTokens,
  checkAggregation,
  type ScoredToken,
  type TaggedEntity,
  type TokenAggregation,
} from "./token-aggregation.js";
import { bestWindowFor, slidingWindows, type TokenWindow } from "./token-windows.js";
import type { PipelineWarning } from "./warnings.js";

export interface TagTokensOptions {
  /** HF's `aggregation_strategy` (default `"simple"`). */
  aggregation?: TokenAggregation;
  /** Labels left out of the result (default `["O"]`). */
  ignoreLabels?: string[];
  /** Overlap in word pieces between windows when the text does not fit (default 128, at most half a window). */
  stride?: number;
  /** Windows per forward pass (default 4). */
  batchSize?: number;
}

export interface TokenTagging {
  entities: TaggedEntity[];
  /** How many windows the text was read in. */
  windows: number;
  warnings: PipelineWarning[];
}

/**
 * Token classification (NER) with HF's `LongformerForTokenClassification` (HF `token-classification` pipeline):
 * `[CLS] text [SEP]`, no global attention (as HF); a text longer than the model is read in overlapping windows,
 * and a piece in an overlap takes its scores from the window where it is farthest from an edge. Entities carry
 * character offsets into the text.
 *
 * @example
 * const ner = await TokenClassificationPipeline.fromPretrained("models/my-ner");
 * const { entities } = await ner.tagTokens(contract, { aggregation: "first" });
 * // entities[i] = { entityGroup: "PARTY", score, word: "Acme Corp", start, end }
 * ner.dispose();
 */
export class TokenClassificationPipeline extends Pipeline<LongformerForTokenClassification> {
  static readonly modelClass = LongformerForTokenClassification;

  async tagTokens(text: string, options: TagTokensOptions = {}): Promise<TokenTagging> {
    this.checkAlive();
    checkText(text, "tagTokens: text");
    const aggregation = checkAggregation(options.aggregation);
    const ignoreLabels = options.ignoreLabels ?? ["O"];
    if (!Array.isArray(ignoreLabels) || ignoreLabels.some((l) => typeof l !== "string")) {
      throw new HeadsError("INVALID_OPTION", "tagTokens: ignoreLabels must be a list of label names");
    }
    const batchSize = batchSizeOption(options.batchSize, 4, "tagTokens");
    const encoding = await this.tokenizer.encode(text, { addSpecialTokens: false });
    const room = modelTokenLimit(this.model.config) - 2;
    const windows = slidingWindows(
      encoding.ids.length,
      room,
      options.stride ?? Math.min(128, Math.floor(room / 2)),
      "tagTokens",
    );
    const perWindow: number[][][] = [];
    for (let i = 0; i < windows.length; i += batchSize) {
      perWindow.push(...this.scoreWindows(encoding.ids, windows.slice(i, i + batchSize)));
    }
    const tokens: ScoredToken[] = encoding.ids.map((_, i) => {
      const k = bestWindowFor(i, windows);
      const w = windows[k] as TokenWindow;
      const [start, end] = encoding.offsets[i] as [number, number];
      const token = encoding.tokens[i] as string;
      return {
        index: i,
        token,
        scores: (perWindow[k] as number[][])[i - w.start] as number[],
        start,
        end,
        isSubword: token.length !== end - start,
      };
    });
    return {
      entities: aggregateTokens(tokens, this.model.labels, aggregation, text, ignoreLabels),
      windows: windows.length,
      warnings: [],
    };
  }

  /** Label probabilities of every piece of every window (one forward). */
  private scoreWindows(ids: number[], windows: TokenWindow[]): number[][][] {
    const { cls, sep, pad } = this.tokenizer.specialTokens;
    const rows = windows.map((w) => [cls.id, ...ids.slice(w.start, w.end), sep.id]);
    const seqLen = Math.max(...rows.map((r) => r.length));
    const inputIds = rows.map((r) => [...r, ...new Array<number>(seqLen - r.length).fill(pad.id)]);
    const attentionMask = rows.map((r) => r.map(() => 1).concat(new Array<number>(seqLen - r.length).fill(0)));
    const out = this.model.forward({ inputIds, attentionMask });
    const logits = takeLogits(out); // (B, L, labels)
    const n = this.model.config.numLabels;
    checkFiniteLogits(logits, seqLen * n, "tagTokens", (b) => `window ${b}`);
    return windows.map((w, b) =>
      Array.from({ length: w.end - w.start }, (_, i) =>
        softmax(logits.subarray((b * seqLen + i + 1) * n, (b * seqLen + i + 2) * n)),
      ),
    );
  }
}
