import type { RawEncoding } from "../core/backend.js";
import type { CharSpan, DocumentEncoding, MultipleChoiceEncoding, TruncationReport } from "../core/types.js";
import { emptySpans, type LayoutTokens } from "./document-layout.js";

/** One row segment: a block led by SEP (question or option), cut to one block and padded. */
interface SepBlock {
  inputIds: number[];
  attentionMask: number[];
  globalAttentionMask: number[];
  offsets: CharSpan[];
  truncation: TruncationReport;
}

/** `[SEP] pieces... [PAD]...` of exactly `blockSize` positions; pieces beyond `blockSize - 1` are dropped (and reported). */
export function sepBlock(raw: RawEncoding, text: string, tokens: LayoutTokens, blockSize: number): SepBlock {
  const kept = Math.min(raw.ids.length, blockSize - 1);
  const inputIds = new Array<number>(blockSize).fill(tokens.padId);
  const attentionMask = new Array<number>(blockSize).fill(0);
  const globalAttentionMask = new Array<number>(blockSize).fill(0);
  const offsets = emptySpans(blockSize);
  inputIds[0] = tokens.sepId;
  attentionMask[0] = 1;
  globalAttentionMask[0] = 1;
  for (let p = 0; p < kept; p++) {
    inputIds[p + 1] = raw.ids[p] as number;
    attentionMask[p + 1] = 1;
    offsets[p + 1] = raw.offsets[p] as CharSpan;
  }
  const truncated = kept < raw.ids.length;
  return {
    inputIds,
    attentionMask,
    globalAttentionMask,
    offsets,
    truncation: {
      truncated,
      totalPieces: raw.ids.length,
      keptPieces: kept,
      droppedPieces: raw.ids.length - kept,
      limit: blockSize,
      keptCharEnd: truncated ? (raw.offsets[kept] as CharSpan)[0] : text.length,
    },
  };
}

/**
 * HAT's QuALITY layout: every choice row is `[article blocks][question block][option block]`;
 * the article (already laid out and padded to `maxLength - 2 * blockSize`) is the same in every row.
 */
export function assembleMultipleChoice(
  article: DocumentEncoding,
  question: SepBlock,
  options: readonly SepBlock[],
  blockSize: number,
): MultipleChoiceEncoding {
  const questionStart = article.inputIds.length;
  const rows = options.map((option) => ({
    inputIds: [...article.inputIds, ...question.inputIds, ...option.inputIds],
    attentionMask: [...article.attentionMask, ...question.attentionMask, ...option.attentionMask],
    globalAttentionMask: [
      ...article.globalAttentionMask,
      ...question.globalAttentionMask,
      ...option.globalAttentionMask,
    ],
    offsets: [...article.offsets, ...question.offsets, ...option.offsets],
  }));
  return {
    inputIds: rows.map((r) => r.inputIds),
    attentionMask: rows.map((r) => r.attentionMask),
    tokenTypeIds: rows.map((r) => new Array<number>(r.inputIds.length).fill(0)),
    globalAttentionMask: rows.map((r) => r.globalAttentionMask),
    offsets: rows.map((r) => r.offsets),
    questionStart,
    optionStart: questionStart + blockSize,
    blockSize,
    article,
    questionTruncation: question.truncation,
    optionTruncations: options.map((o) => o.truncation),
  };
}
