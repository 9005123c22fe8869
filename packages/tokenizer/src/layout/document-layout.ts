import type { CharSpan, DocumentBlock, DocumentEncoding, Padding, TruncationReport } from "../core/types.js";
import type { PieceRange } from "./grouping.js";
import type { TokenStream } from "./token-stream.js";

export interface LayoutTokens {
  clsId: number;
  sepId: number;
  padId: number;
}

export interface LayoutSettings {
  blockSize: number;
  /** Largest number of positions (leaders included), `null` for no limit. Validated >= 2 by the caller. */
  limit: number | null;
  /** Padding target; `"maxLength"` requires a `limit`. */
  padding: Padding;
}

/** `[0, 0]` spans (HF's offset for special tokens and padding), one fresh tuple per position. */
export function emptySpans(count: number): CharSpan[] {
  return Array.from({ length: count }, (): CharSpan => [0, 0]);
}

/**
 * Writes the HAT block layout: block b occupies positions `[b * blockSize, (b + 1) * blockSize)`,
 * starts with CLS (b = 0) or SEP, then its word pieces, then PAD up to the next block. Blocks are
 * dropped or cut where they would pass `limit`, and the cut is reported.
 */
export function layoutDocument(
  stream: TokenStream,
  plan: readonly PieceRange[],
  tokens: LayoutTokens,
  settings: LayoutSettings,
): DocumentEncoding {
  const { blockSize, limit } = settings;
  const kept: PieceRange[] = [];
  for (let b = 0; b < plan.length; b++) {
    const range = plan[b] as PieceRange;
    const leader = b * blockSize;
    const room = limit === null ? Number.POSITIVE_INFINITY : limit - leader - 1; // pieces that still fit
    if (room <= 0) break;
    const pieces = range.end - range.start;
    kept.push(pieces <= room ? range : { start: range.start, end: range.start + room });
    if (pieces > room) break;
  }
  const lastKept = kept[kept.length - 1];
  const keptPieces = kept.reduce((sum, r) => sum + r.end - r.start, 0);
  const totalPieces = stream.ids.length;
  const contentLength = lastKept ? (kept.length - 1) * blockSize + 1 + (lastKept.end - lastKept.start) : 0;

  let length = contentLength;
  if (settings.padding === "blocks") {
    length = Math.ceil(contentLength / blockSize) * blockSize;
    if (limit !== null) length = Math.min(length, limit);
  } else if (settings.padding === "maxLength" && limit !== null) {
    length = limit;
  }

  const inputIds = new Array<number>(length).fill(tokens.padId);
  const attentionMask = new Array<number>(length).fill(0);
  const globalAttentionMask = new Array<number>(length).fill(0);
  const offsets = emptySpans(length);
  const blocks: DocumentBlock[] = [];
  kept.forEach((range, b) => {
    const leader = b * blockSize;
    inputIds[leader] = b === 0 ? tokens.clsId : tokens.sepId;
    attentionMask[leader] = 1;
    globalAttentionMask[leader] = 1;
    for (let p = range.start; p < range.end; p++) {
      const position = leader + 1 + p - range.start;
      inputIds[position] = stream.ids[p] as number;
      attentionMask[position] = 1;
      offsets[position] = stream.offsets[p] as CharSpan;
    }
    const first = stream.sentenceOf[range.start] as number;
    const last = stream.sentenceOf[range.end - 1] as number;
    blocks.push({
      index: b,
      tokenStart: leader,
      tokenEnd: leader + 1 + range.end - range.start,
      charStart: (stream.offsets[range.start] as CharSpan)[0],
      charEnd: (stream.offsets[range.end - 1] as CharSpan)[1],
      sentenceIndices: Array.from({ length: last - first + 1 }, (_, k) => first + k),
    });
  });

  const firstDropped = lastKept ? lastKept.end : 0;
  const truncation: TruncationReport = {
    truncated: keptPieces < totalPieces,
    totalPieces,
    keptPieces,
    droppedPieces: totalPieces - keptPieces,
    limit,
    keptCharEnd: keptPieces < totalPieces ? (stream.offsets[firstDropped] as CharSpan)[0] : stream.text.length,
  };
  return {
    inputIds,
    attentionMask,
    tokenTypeIds: new Array<number>(length).fill(0),
    globalAttentionMask,
    offsets,
    blockSize,
    contentLength,
    blocks,
    sentences: stream.sentences,
    truncation,
    text: stream.text,
  };
}

/** Pads an encoded document on the right to `length` positions (for batches). */
export function padDocument(doc: DocumentEncoding, length: number, padId: number): DocumentEncoding {
  const extra = length - doc.inputIds.length;
  if (extra <= 0) return doc;
  return {
    ...doc,
    inputIds: [...doc.inputIds, ...new Array<number>(extra).fill(padId)],
    attentionMask: [...doc.attentionMask, ...new Array<number>(extra).fill(0)],
    tokenTypeIds: [...doc.tokenTypeIds, ...new Array<number>(extra).fill(0)],
    globalAttentionMask: [...doc.globalAttentionMask, ...new Array<number>(extra).fill(0)],
    offsets: [...doc.offsets, ...emptySpans(extra)],
  };
}
