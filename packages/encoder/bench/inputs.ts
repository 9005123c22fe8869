import type { LongformerInputs } from "../src/index.js";
import { seededRandom } from "../src/testing/random-weights.test-util.js";

export type GlobalPattern = "hat" | "none" | "cls";

/**
 * Synthetic HAT-layout documents: blocks of `blockSize` tokens, each starting with [CLS] (first block) or
 * [SEP], filled with random word-piece ids. `hat` makes every block start global (as the HAT heads do),
 * `cls` only the first token, `none` nothing.
 */
export function hatDocuments(options: {
  batch: number;
  seqLen: number;
  blockSize: number;
  clsId: number;
  sepId: number;
  global: GlobalPattern;
  seed?: number;
}): LongformerInputs {
  const rand = seededRandom(options.seed ?? 42);
  const inputIds: number[][] = [];
  const globalAttentionMask: number[][] = [];
  for (let b = 0; b < options.batch; b++) {
    const ids: number[] = [];
    const global: number[] = [];
    for (let i = 0; i < options.seqLen; i++) {
      const blockStart = i % options.blockSize === 0;
      ids.push(i === 0 ? options.clsId : blockStart ? options.sepId : 1000 + Math.floor(rand() * 29000));
      global.push(options.global === "hat" ? (blockStart ? 1 : 0) : options.global === "cls" && i === 0 ? 1 : 0);
    }
    inputIds.push(ids);
    globalAttentionMask.push(global);
  }
  return { inputIds, globalAttentionMask };
}
