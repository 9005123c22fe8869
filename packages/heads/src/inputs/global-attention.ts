import type { GlobalTokenIds } from "../config/special-tokens.js";

/**
 * Where a head puts global attention when the caller gives no `globalAttentionMask`:
 * - `"special-tokens"`: every token equal to `cls_token_id` or `sep_token_id` (the HAT heads: every block leader);
 * - `"first-token"`: position 0 only (HF's `LongformerForSequenceClassification`);
 * - `"none"`: local attention only (HF's own `LongformerForMaskedLM`).
 */
export type GlobalAttentionPolicy = "special-tokens" | "first-token" | "none";

const POLICIES: readonly GlobalAttentionPolicy[] = ["special-tokens", "first-token", "none"];

export function isGlobalAttentionPolicy(value: unknown): value is GlobalAttentionPolicy {
  return typeof value === "string" && (POLICIES as readonly string[]).includes(value);
}

/** The global mask `policy` derives from flat `(batch, seqLen)` ids. */
export function deriveGlobalAttentionMask(
  inputIds: Int32Array,
  batch: number,
  seqLen: number,
  policy: GlobalAttentionPolicy,
  ids: GlobalTokenIds,
): Int32Array {
  const mask = new Int32Array(batch * seqLen);
  if (policy === "first-token") {
    for (let b = 0; b < batch; b++) mask[b * seqLen] = 1;
  } else if (policy === "special-tokens") {
    for (let i = 0; i < inputIds.length; i++) {
      const id = inputIds[i];
      if (id === ids.clsTokenId || id === ids.sepTokenId) mask[i] = 1;
    }
  }
  return mask;
}
