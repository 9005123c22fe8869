import { FILE_NAMES, type TokenizerFiles } from "../core/files.js";
import { asRecord } from "../core/json.js";
import { TokenizerError } from "../errors.js";

/** Tokenizer files given directly as parsed JSON (e.g. bundled with an app). */
export interface TokenizerFilesInput {
  tokenizerJson: unknown;
  tokenizerConfig?: unknown;
  specialTokensMap?: unknown;
  config?: unknown;
}

export interface BrowserLoadOptions {
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** A base URL ending in `/`, resolved against the page when relative. */
function baseUrl(source: string | URL): URL {
  const text = source.toString();
  const withSlash = text.endsWith("/") ? text : `${text}/`;
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(withSlash, page);
  } catch (cause) {
    throw new TokenizerError("FILE_NOT_FOUND", `${text} is not a URL (relative URLs need a page to resolve against)`, {
      path: text,
      cause,
    });
  }
}

async function fetchJson(fetchFn: typeof fetch, url: URL, required: boolean): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch (cause) {
    throw new TokenizerError("FETCH_FAILED", `cannot fetch ${url.href}: ${(cause as Error).message}`, {
      path: url.href,
      cause,
    });
  }
  if (response.status === 404 && !required) return undefined;
  if (!response.ok) {
    const code = response.status === 404 ? "FILE_NOT_FOUND" : "FETCH_FAILED";
    throw new TokenizerError(code, `${url.href} answered ${response.status} ${response.statusText}`.trim(), {
      path: url.href,
    });
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TokenizerError("FILE_UNREADABLE", `${url.href} is not valid JSON: ${(cause as Error).message}`, {
      path: url.href,
      cause,
    });
  }
}

/**
 * The checkpoint files from a URL prefix (tokenizer.json required; tokenizer_config.json,
 * special_tokens_map.json and config.json when present) or from objects.
 */
export async function loadTokenizerFiles(
  source: string | URL | TokenizerFilesInput,
  options: BrowserLoadOptions = {},
): Promise<{ files: TokenizerFiles; origin: string }> {
  if (typeof source !== "string" && !(source instanceof URL)) {
    const input = asRecord(source);
    if (!input || !asRecord(input.tokenizerJson)) {
      throw new TokenizerError(
        "INVALID_TOKENIZER_FILE",
        "fromPretrained expects a URL or { tokenizerJson, tokenizerConfig?, config? } with tokenizer.json as an object",
      );
    }
    return { files: input as TokenizerFiles, origin: "tokenizer.json (given as an object)" };
  }
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== "function") throw new TokenizerError("FETCH_FAILED", "no fetch available: pass options.fetch");
  const base = baseUrl(source);
  const [tokenizerJson, tokenizerConfig, specialTokensMap, config] = await Promise.all([
    fetchJson(fetchFn, new URL(FILE_NAMES.tokenizerJson, base), true),
    fetchJson(fetchFn, new URL(FILE_NAMES.tokenizerConfig, base), false),
    fetchJson(fetchFn, new URL(FILE_NAMES.specialTokensMap, base), false),
    fetchJson(fetchFn, new URL(FILE_NAMES.config, base), false),
  ]);
  return { files: { tokenizerJson, tokenizerConfig, specialTokensMap, config }, origin: base.href };
}
