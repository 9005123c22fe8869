import type { LongformerTokenizerCore } from "@longformer-ts/tokenizer";
import type { PipelineWarning } from "./warnings.js";

/** Rows of a batch in HF's plain layout, padded to the longest (padding masked). */
export interface PlainBatch {
  inputIds: number[][];
  attentionMask: number[][];
  /** Per text: `TRUNCATED` when its end did not fit. */
  warnings: PipelineWarning[][];
}

/** Pads token rows to the longest with `padId`; the attention mask marks the real tokens. */
export function padRows(rows: number[][], padId: number): { inputIds: number[][]; attentionMask: number[][] } {
  const seqLen = Math.max(...rows.map((r) => r.length));
  return {
    inputIds: rows.map((r) => [...r, ...new Array<number>(seqLen - r.length).fill(padId)]),
    attentionMask: rows.map((r) => Array.from({ length: seqLen }, (_, i) => (i < r.length ? 1 : 0))),
  };
}

/**
 * `[CLS] text [SEP]` per text (HF's single-sequence layout, what HF's own heads were fine-tuned on), cut to
 * `limit` tokens with a warning, padded to the longest text of the batch.
 */
export async function encodePlainBatch(
  tokenizer: LongformerTokenizerCore,
  texts: string[],
  limit: number,
  label: (i: number) => string,
): Promise<PlainBatch> {
  const { cls, sep, pad } = tokenizer.specialTokens;
  const rows: number[][] = [];
  const warnings: PipelineWarning[][] = [];
  for (const [i, text] of texts.entries()) {
    const { ids } = await tokenizer.encode(text, { addSpecialTokens: false });
    const room = limit - 2;
    warnings.push(
      ids.length > room
        ? [
            {
              code: "TRUNCATED",
              message: `${label(i)} has ${ids.length} word pieces but the model takes ${room}: the last ${ids.length - room} were not read`,
            },
          ]
        : [],
    );
    rows.push([cls.id, ...ids.slice(0, room), sep.id]);
  }
  return { ...padRows(rows, pad.id), warnings };
}
