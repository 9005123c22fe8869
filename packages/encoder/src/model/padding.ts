import type { PreparedInputs } from "./inputs.js";

export interface PaddedInputs extends PreparedInputs {
  /** Positions appended to every row (HF's `padding_len`). */
  paddingLen: number;
  /** Length before padding. */
  inputLen: number;
}

function padRows(data: Int32Array, batch: number, seqLen: number, paddedLen: number, fill: number): Int32Array {
  const out = new Int32Array(batch * paddedLen).fill(fill);
  for (let b = 0; b < batch; b++) out.set(data.subarray(b * seqLen, (b + 1) * seqLen), b * paddedLen);
  return out;
}

/**
 * HF's `_pad_to_window_size`: pads every row on the right to a multiple of the largest `attention_window`
 * with `input_ids = pad_token_id`, `attention_mask = 0` (never attended, never global), `token_type_ids = 0`.
 */
export function padToWindowSize(inputs: PreparedInputs, attentionWindow: number, padTokenId: number): PaddedInputs {
  const { batch, seqLen } = inputs;
  const paddingLen = (attentionWindow - (seqLen % attentionWindow)) % attentionWindow;
  if (paddingLen === 0) return { ...inputs, paddingLen, inputLen: seqLen };
  const paddedLen = seqLen + paddingLen;
  const pad = (data: Int32Array, fill: number) => padRows(data, batch, seqLen, paddedLen, fill);
  return {
    batch,
    seqLen: paddedLen,
    inputIds: pad(inputs.inputIds, padTokenId),
    attentionMask: pad(inputs.attentionMask, 0),
    globalAttentionMask: pad(inputs.globalAttentionMask, 0),
    tokenTypeIds: pad(inputs.tokenTypeIds, 0),
    paddingLen,
    inputLen: seqLen,
  };
}
