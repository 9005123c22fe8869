import { PageError } from "./errors.js";

/** What to do when the page has no model: the two ways of giving it one. */
export const HOW_TO_POINT_AT_A_MODEL =
  "Point the page at a converted model: start the dev server (or vite preview) with " +
  "LONGFORMER_WEB_MODEL=<converted model directory>, or open the page with ?model=<URL of a converted model directory> (see the README).";

/**
 * Checks that `modelUrl` holds a converted model before the loaders fetch it, so a missing model reads as
 * one: a dev server (Vite's included) answers a missing file with its index.html, which the tokenizer
 * would otherwise report as "tokenizer.json is not valid JSON: Unexpected token '<'".
 */
export async function checkModelDirectory(modelUrl: string, fetchFile: typeof fetch = fetch): Promise<void> {
  const url = new URL("model.json", modelUrl).href;
  let response: Response;
  try {
    response = await fetchFile(url);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PageError("MODEL_UNREACHABLE", `could not fetch ${url} (${reason}). ${HOW_TO_POINT_AT_A_MODEL}`, {
      cause,
    });
  }
  if (!response.ok) {
    throw new PageError(
      "MODEL_NOT_FOUND",
      `no converted model at ${modelUrl}: ${url} answered ${response.status}. ${HOW_TO_POINT_AT_A_MODEL}`,
    );
  }
  const type = response.headers.get("content-type") ?? "";
  const body = await response.text();
  if (/\btext\/html\b/i.test(type) || body.trimStart().startsWith("<")) {
    throw new PageError(
      "MODEL_NOT_FOUND",
      `no converted model at ${modelUrl}: ${url} answered with an HTML page (a dev server's answer for a missing file), not a model manifest. ${HOW_TO_POINT_AT_A_MODEL}`,
    );
  }
}
