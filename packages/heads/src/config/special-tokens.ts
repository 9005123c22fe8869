import type { LongformerConfig } from "@longformer-ts/encoder";

/** Token ids that get global attention under the HAT rule (block leaders). */
export interface GlobalTokenIds {
  clsTokenId: number | undefined;
  sepTokenId: number | undefined;
}

/** Ids supplied by the caller (usually the tokenizer's `[CLS]`/`[SEP]`) for configs that do not state them. */
export interface SpecialTokenFallback {
  clsTokenId?: number;
  sepTokenId?: number;
}

/**
 * The HAT heads' global tokens: `cls_token_id` / `sep_token_id` of the config. HF configs usually carry no
 * `cls_token_id`, and HF fills in `sep_token_id = 2` when the key is absent (right for RoBERTa vocabularies,
 * wrong for BERT ones), so an id the config does not *state* comes from `fallback` (the tokenizer) first, then
 * from the config's defaults (`bos_token_id`, which is `<s>` in RoBERTa vocabularies, and HF's `sep_token_id`).
 */
export function resolveGlobalTokenIds(config: LongformerConfig, fallback: SpecialTokenFallback = {}): GlobalTokenIds {
  const stated = (key: string) => config.raw[key] !== undefined && config.raw[key] !== null;
  const clsTokenId = stated("cls_token_id") ? config.clsTokenId : (fallback.clsTokenId ?? config.bosTokenId);
  const sepTokenId = stated("sep_token_id") ? config.sepTokenId : (fallback.sepTokenId ?? config.sepTokenId);
  return { clsTokenId, sepTokenId };
}
