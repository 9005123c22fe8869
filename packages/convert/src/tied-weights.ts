import type { WeightMap } from "./types.js";

/** A name whose tensor is another name's tensor (tied, as in HF's `tie_weights`). */
export interface TiedWeight {
  name: string;
  source: string;
  /** `added`: absent from the checkpoint and filled in; `shared`: present and stored once (torch shared storage). */
  how: "added" | "shared";
}

export interface NormalizeReport {
  tiedWeights: TiedWeight[];
  droppedNames: string[];
}

/**
 * Buffers that are not weights. `position_ids` is a constant `arange` buffer old HF checkpoints saved and newer
 * ones do not; dropping it gives every checkpoint of a model the same tensor set.
 */
export const DEFAULT_DROP_PATTERN = /(^|\.)position_ids$/;

function wordEmbeddingName(weights: WeightMap): string | undefined {
  if (weights.has("longformer.embeddings.word_embeddings.weight"))
    return "longformer.embeddings.word_embeddings.weight";
  for (const name of weights.keys()) if (name.endsWith("embeddings.word_embeddings.weight")) return name;
  return undefined;
}

/**
 * Makes the `.bin` and safetensors variants of a checkpoint hold the same names: safetensors (like HF's
 * `save_pretrained`) omits the tied `lm_head.decoder.weight` (= the word embeddings, unless the config says
 * `tie_word_embeddings: false`) and `lm_head.decoder.bias` (= `lm_head.bias`). Tied names share the tensor
 * object, so nothing is copied. Also drops non-weight buffers. Mutates `weights` in place.
 */
export function normalizeWeights(
  weights: WeightMap,
  config: Record<string, unknown>,
  dropPattern: RegExp | null = DEFAULT_DROP_PATTERN,
): NormalizeReport {
  const droppedNames: string[] = [];
  if (dropPattern) {
    for (const name of [...weights.keys()]) {
      if (dropPattern.test(name)) {
        weights.delete(name);
        droppedNames.push(name);
      }
    }
  }

  const added: TiedWeight[] = [];
  const hasLmHead = [...weights.keys()].some((name) => name.startsWith("lm_head."));
  if (hasLmHead) {
    const embeddings = wordEmbeddingName(weights);
    const decoderWeight = "lm_head.decoder.weight";
    if (!weights.has(decoderWeight) && embeddings && config.tie_word_embeddings !== false) {
      weights.set(decoderWeight, weights.get(embeddings)!);
      added.push({ name: decoderWeight, source: embeddings, how: "added" });
    }
    const bias = weights.get("lm_head.bias");
    if (!weights.has("lm_head.decoder.bias") && bias) {
      weights.set("lm_head.decoder.bias", bias);
      added.push({ name: "lm_head.decoder.bias", source: "lm_head.bias", how: "added" });
    }
  }

  // Names stored once in the checkpoint (shared torch storage with the same view) come back as one object.
  const addedNames = new Set(added.map((t) => t.name));
  const firstName = new Map<unknown, string>();
  const shared: TiedWeight[] = [];
  for (const [name, tensor] of weights) {
    const first = firstName.get(tensor);
    if (first === undefined) firstName.set(tensor, name);
    else if (!addedNames.has(name)) shared.push({ name, source: first, how: "shared" });
  }
  return { tiedWeights: [...shared, ...added], droppedNames };
}
