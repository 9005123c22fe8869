import type { PageBackend } from "./backend.js";
import { PageError } from "./errors.js";

export interface PageOptions {
  /** Base URL of a converted model directory (model.json, shards, tokenizer.json, config.json). */
  modelUrl: string;
  /** Backend forced with `?backend=`; undefined picks webgl when available, else wasm. */
  backend: PageBackend | undefined;
}

const BACKENDS: readonly PageBackend[] = ["webgl", "wasm"];

/**
 * `?model=<url>` (default `./model/`, relative to the page) and `?backend=webgl|wasm`. Another backend name
 * is an error (`UNKNOWN_BACKEND`), never silently replaced by the automatic choice.
 */
export function readPageOptions(search: string, pageUrl: string): PageOptions {
  const params = new URLSearchParams(search);
  const model = params.get("model") || "./model/";
  const modelUrl = new URL(model.endsWith("/") ? model : `${model}/`, pageUrl).href;
  const backend = params.get("backend");
  if (backend === null || backend === "") return { modelUrl, backend: undefined };
  if (!(BACKENDS as readonly string[]).includes(backend)) {
    throw new PageError(
      "UNKNOWN_BACKEND",
      `?backend=${backend} is not a backend of this page: use ?backend=webgl or ?backend=wasm, or leave it out (webgl when the browser has it, else wasm)`,
    );
  }
  return { modelUrl, backend: backend as PageBackend };
}
