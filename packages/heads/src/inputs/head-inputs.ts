import {
  type LongformerConfig,
  type LongformerInputs,
  type PreparedInputs,
  prepareInputs,
} from "@longformer-ts/encoder";
import type { GlobalTokenIds } from "../config/special-tokens.js";
import { deriveGlobalAttentionMask, type GlobalAttentionPolicy } from "./global-attention.js";

/** Validated `(batch, seqLen)` inputs with the global mask the head will use. */
export interface HeadInputs extends PreparedInputs {
  /** True when the caller passed `globalAttentionMask` (it then replaces the head's own rule). */
  explicitGlobalMask: boolean;
}

/**
 * Validates inputs with the encoder's own checks and settles the global mask: the caller's when given,
 * else the one `policy` derives from the ids.
 */
export function prepareHeadInputs(
  inputs: LongformerInputs,
  config: LongformerConfig,
  policy: GlobalAttentionPolicy,
  ids: GlobalTokenIds,
): HeadInputs {
  const prepared = prepareInputs(inputs, config);
  const explicitGlobalMask = inputs.globalAttentionMask !== undefined;
  const globalAttentionMask = explicitGlobalMask
    ? prepared.globalAttentionMask
    : deriveGlobalAttentionMask(prepared.inputIds, prepared.batch, prepared.seqLen, policy, ids);
  return { ...prepared, globalAttentionMask, explicitGlobalMask };
}

/** The encoder's input form of prepared rows (flat data + shape; the encoder re-validates cheaply). */
export function toEncoderInputs(inputs: PreparedInputs): LongformerInputs {
  const shape = [inputs.batch, inputs.seqLen];
  return {
    inputIds: { data: inputs.inputIds, shape },
    attentionMask: { data: inputs.attentionMask, shape },
    tokenTypeIds: { data: inputs.tokenTypeIds, shape },
    globalAttentionMask: { data: inputs.globalAttentionMask, shape },
  };
}

/** Flat row-major `(batch, seqLen)` values as nested rows (for outputs a caller inspects). */
export function toNestedRows(data: Int32Array, batch: number, seqLen: number): number[][] {
  return Array.from({ length: batch }, (_, b) => Array.from(data.subarray(b * seqLen, (b + 1) * seqLen)));
}
