import { ConvertError } from "../errors.js";
import { normalizeWeights } from "../tied-weights.js";
import type { LoadedWeights, ProgressCallback } from "../types.js";
import { concatBytes, decodeTfjsWeights, parseModelJson, specByteLength, type TfjsWeightsGroup } from "./tfjs.js";

export interface FetchOptions {
  fetch?: typeof fetch;
  onProgress?: ProgressCallback;
}

function fetchImpl(options: FetchOptions): typeof fetch {
  const f = options.fetch ?? globalThis.fetch;
  if (typeof f !== "function")
    throw new ConvertError("INVALID_ARGUMENT", "no fetch implementation available; pass options.fetch");
  return f;
}

async function get(url: URL, f: typeof fetch): Promise<Response> {
  let response: Response;
  try {
    response = await f(url.href);
  } catch (cause) {
    throw new ConvertError("DOWNLOAD_FAILED", `GET ${url.href} failed: ${(cause as Error).message}`, { cause });
  }
  if (!response.ok) {
    throw new ConvertError(
      response.status === 404 ? "NOT_FOUND" : "DOWNLOAD_FAILED",
      `GET ${url.href}: HTTP ${response.status}`,
    );
  }
  return response;
}

async function getJson(url: URL, f: typeof fetch, code: "MANIFEST_INVALID" | "CONFIG_INVALID"): Promise<unknown> {
  const response = await get(url, f);
  try {
    return await response.json();
  } catch (cause) {
    throw new ConvertError(code, `${url.href} is not valid JSON`, { cause });
  }
}

/** Reads a body chunk by chunk so progress can be reported; falls back to arrayBuffer() without a stream. */
async function readBody(response: Response, onChunk: (n: number) => void): Promise<Uint8Array> {
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onChunk(bytes.byteLength);
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    onChunk(value.byteLength);
  }
  return concatBytes(chunks.length ? chunks : [new Uint8Array(0)]);
}

/**
 * Fetches the shards of every manifest group (all in parallel, like tfjs' weights loader) and returns one
 * concatenated buffer per group. Decoding is a separate step: `decodeTfjsWeights`.
 */
export async function fetchTfjsShards(
  modelJsonUrl: URL,
  manifest: TfjsWeightsGroup[],
  options: FetchOptions = {},
): Promise<Uint8Array[]> {
  const f = fetchImpl(options);
  const total = manifest.reduce((sum, g) => sum + g.weights.reduce((s, w) => s + specByteLength(w), 0), 0);
  let loaded = 0;
  const onChunk = (n: number, file: string): void => {
    loaded += n;
    options.onProgress?.({ phase: "download", unit: "bytes", loaded, total, file });
  };
  return Promise.all(
    manifest.map(async (group) => {
      const parts = await Promise.all(
        group.paths.map(async (path) => {
          const url = new URL(path, modelJsonUrl);
          return readBody(await get(url, f), (n) => onChunk(n, url.href));
        }),
      );
      return concatBytes(parts.length ? parts : [new Uint8Array(0)]);
    }),
  );
}

/** `url` is a converted directory (model.json appended) or the model.json itself. */
export function modelJsonUrlOf(url: URL): URL {
  if (url.pathname.endsWith(".json")) return url;
  const dir = new URL(url.href);
  if (!dir.pathname.endsWith("/")) dir.pathname += "/";
  return new URL("model.json", dir);
}

/** Loads a converted directory over HTTP(S) with `fetch` (browser or Node). */
export async function fetchConvertedWeights(
  url: URL,
  options: FetchOptions & { keepFloat16?: boolean },
): Promise<LoadedWeights> {
  const f = fetchImpl(options);
  const modelJsonUrl = modelJsonUrlOf(url);
  const model = parseModelJson(await getJson(modelJsonUrl, f, "MANIFEST_INVALID"));
  let config = model.config;
  if (!config) {
    const json = await getJson(new URL("config.json", modelJsonUrl), f, "CONFIG_INVALID");
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new ConvertError("CONFIG_INVALID", "config.json is not a JSON object");
    }
    config = json as Record<string, unknown>;
  }
  const groups = await fetchTfjsShards(modelJsonUrl, model.weightsManifest, options);
  const weights = decodeTfjsWeights(model.weightsManifest, groups, options);
  normalizeWeights(weights, config, null);
  return { config, weights, format: "tfjs", source: modelJsonUrl.href.replace(/model\.json$/, "") };
}
