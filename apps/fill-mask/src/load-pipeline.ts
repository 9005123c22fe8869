import { FillMaskPipeline } from "@longformer-ts/heads";
import { LongformerTokenizer as FetchingTokenizer } from "@longformer-ts/tokenizer/browser";
import * as tf from "@tensorflow/tfjs-core";

export type CliBackend = "wasm" | "cpu";

/**
 * Registers the tfjs backend from this app's own dependencies (the encoder then uses it as is), so the
 * app never relies on a backend another package happens to have installed.
 */
async function registerBackend(backend: CliBackend): Promise<void> {
  if (backend === "wasm") await import("@tensorflow/tfjs-backend-wasm");
  else await import("@tensorflow/tfjs-backend-cpu");
  // No tfjs console banners ("install tfjs-node" cannot apply here) on the CLI's stderr.
  tf.enableProdMode();
}

/**
 * The fill-mask pipeline for a local directory or the URL of a converted directory. The Node tokenizer
 * reads directories; for a URL the tokenizer package's pure-JS entry fetches `tokenizer.json` instead.
 */
export async function loadFillMask(source: string, backend: CliBackend): Promise<FillMaskPipeline> {
  await registerBackend(backend);
  if (/^https?:\/\//i.test(source)) {
    const tokenizer = await FetchingTokenizer.fromPretrained(source);
    return FillMaskPipeline.fromPretrained(source, { backend, tokenizer });
  }
  return FillMaskPipeline.fromPretrained(source, { backend });
}
