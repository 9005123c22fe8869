import { type LongformerConfig, type LongformerInputs, prepareInputs } from "@longformer-ts/encoder";
import { HeadsError } from "../errors.js";

/**
 * Which side of the question HF's QA and multiple-choice heads put global attention on when the caller gives
 * no `globalAttentionMask`:
 * - `"question"` (`LongformerForQuestionAnswering`): every position before the first sep;
 * - `"after-question"` (`LongformerForMultipleChoice`): every position after the second sep (first sep + 1).
 */
export type QuestionGlobalSide = "question" | "after-question";

/**
 * HF's `_compute_global_attention_mask`: the first sep of each row ends the question. Like HF, every row must hold
 * exactly three seps (`[CLS] q [SEP] [SEP] context [SEP]`), otherwise the question end is ambiguous.
 */
export function questionGlobalMask(
  inputIds: Int32Array,
  batch: number,
  seqLen: number,
  sepTokenId: number,
  side: QuestionGlobalSide,
  head: string,
): Int32Array {
  const mask = new Int32Array(batch * seqLen);
  for (let b = 0; b < batch; b++) {
    const row = inputIds.subarray(b * seqLen, (b + 1) * seqLen);
    let firstSep = -1;
    let seps = 0;
    for (let i = 0; i < seqLen; i++) {
      if (row[i] !== sepTokenId) continue;
      if (firstSep < 0) firstSep = i;
      seps++;
    }
    if (seps !== 3) {
      throw new HeadsError(
        "SEPARATOR_COUNT",
        `${head}: row ${b} holds ${seps} sep tokens (id ${sepTokenId}); the automatic global attention needs exactly 3 ` +
          "([CLS] question [SEP] [SEP] text [SEP]), as in HF. Lay the input out so, or pass a globalAttentionMask",
      );
    }
    for (let i = 0; i < seqLen; i++) {
      const global = side === "question" ? i < firstSep : i > firstSep + 1;
      if (global) mask[b * seqLen + i] = 1;
    }
  }
  return mask;
}

/**
 * The inputs with HF's question-based global mask added when the caller gave none; explicit masks pass through
 * unchanged (they override the rule, as in HF).
 */
export function withQuestionGlobalMask(
  inputs: LongformerInputs,
  config: LongformerConfig,
  sepTokenId: number,
  side: QuestionGlobalSide,
  head: string,
): LongformerInputs {
  if (inputs.globalAttentionMask !== undefined) return inputs;
  const prepared = prepareInputs(inputs, config);
  const shape = [prepared.batch, prepared.seqLen];
  const mask = questionGlobalMask(prepared.inputIds, prepared.batch, prepared.seqLen, sepTokenId, side, head);
  return {
    inputIds: { data: prepared.inputIds, shape },
    attentionMask: { data: prepared.attentionMask, shape },
    tokenTypeIds: { data: prepared.tokenTypeIds, shape },
    globalAttentionMask: { data: mask, shape },
  };
}
