import type { PageBackend } from "./backend.js";

export interface PageOptions {
  /** Base URL of a converted model directory (model.json, shards, tokenizer.json, config.json). */
  modelUrl: string;
  /** Backend forced with `?backend=`; undefined picks webgl when available, else wasm. */
  backend: PageBackend | undefined;
}

/** `?model=<url>` (default `./model/`, relative to the page) and `?backend=webgl|wasm`. */
export function readPageOptions(search: string, pageUrl: string): PageOptions {
  const params = new URLSearchParams(search);
  const model = params.get("model") || "./model/";
  const backend = params.get("backend");
  const modelUrl = new URL(model.endsWith("/") ? model : `${model}/`, pageUrl).href;
  return { modelUrl, backend: backend === "webgl" || backend === "wasm" ? backend : undefined };
}
