import type { GlobalTokenIds } from "../config/special-tokens.js";
import { HeadsError } from "../errors.js";

/** The sep id HF's question rule looks for (config's `sep_token_id`, else the tokenizer's). */
export function requireSepTokenId(ids: GlobalTokenIds, head: string): number {
  if (ids.sepTokenId === undefined) {
    throw new HeadsError(
      "MISSING_CONFIG_FIELD",
      `${head}: no sep_token_id in config.json (nor from the tokenizer) to find the question end; pass specialTokenIds or a globalAttentionMask`,
    );
  }
  return ids.sepTokenId;
}
