import { FillMaskPipeline } from "@longformer-ts/heads";
import { LongformerTokenizer } from "@longformer-ts/tokenizer";

/**
 * The fill-mask pipeline from the URL of a converted model directory: the tokenizer (the package's browser
 * entry, picked by the `browser` export condition) fetches tokenizer.json, the weights come as model.json
 * + shards. The tfjs backend must be active already.
 */
export async function loadFillMaskPipeline(modelUrl: string): Promise<FillMaskPipeline> {
  const tokenizer = await LongformerTokenizer.fromPretrained(modelUrl);
  return FillMaskPipeline.fromPretrained(modelUrl, { tokenizer });
}
