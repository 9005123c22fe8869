/** A run of word pieces `[start, end)` of the token stream that goes into one block. */
export interface PieceRange {
  start: number;
  end: number;
}

/** HAT's `uniform_chunking`: a new block every `capacity` pieces, whatever the sentences. */
export function groupUniform(numPieces: number, capacity: number): PieceRange[] {
  const blocks: PieceRange[] = [];
  for (let start = 0; start < numPieces; start += capacity) {
    blocks.push({ start, end: Math.min(start + capacity, numPieces) });
  }
  return blocks;
}

/**
 * Greedy sentence packing: consecutive whole sentences share a block while they fit. A sentence
 * that does not fit in what is left of the current block starts a new one; a sentence longer than
 * a block fills blocks and its tail stays open for the sentences after it.
 * `sentenceOf[i]` is the (non-decreasing) sentence index of piece i.
 */
export function groupSentences(sentenceOf: ArrayLike<number>, capacity: number): PieceRange[] {
  const blocks: PieceRange[] = [];
  const n = sentenceOf.length;
  let blockStart = 0;
  let blockEnd = 0; // current block holds pieces [blockStart, blockEnd)
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && sentenceOf[j] === sentenceOf[i]) j++;
    const length = j - i;
    const used = blockEnd - blockStart;
    if (used > 0 && used + length > capacity) {
      blocks.push({ start: blockStart, end: blockEnd });
      blockStart = blockEnd;
    }
    // place the sentence, cutting it wherever a block fills up
    blockEnd = j;
    while (blockEnd - blockStart > capacity) {
      blocks.push({ start: blockStart, end: blockStart + capacity });
      blockStart += capacity;
    }
    i = j;
  }
  if (blockEnd > blockStart) blocks.push({ start: blockStart, end: blockEnd });
  return blocks;
}
