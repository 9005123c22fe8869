import { ConvertError } from "@longformer-ts/convert";
import { AppError } from "./errors.js";
import { FALLBACK_FIXTURE, fallbackFixtureDir } from "./fixture-fallback.js";
import { type HubModelOptions, hubModel } from "./hub-model.js";
import type { ModelSpec } from "./model-spec.js";

/** The demo's default checkpoint (the HAT paper's longformer-mini-1024). */
export const DEFAULT_MODEL = "kiddothe2b/longformer-mini-1024";

/** Where the weights actually come from, after hub download / cache lookup / fallback. */
export interface ResolvedModel {
  /** A local directory or a URL, as the loaders take it. */
  source: string;
  /** What to call it in the output (hub id, path or URL). */
  name: string;
  kind: "dir" | "url" | "hub" | "fixture";
  /** True for the fallback fixture: its predictions mean nothing. */
  randomWeights: boolean;
  /** Hub models: served from the converted cache without downloading. */
  fromCache?: boolean;
  /** Why the default checkpoint was replaced by the fixture. */
  fallbackReason?: string;
}

export interface ResolveOptions {
  /** The model is the default one (not asked for): only then may an unreachable hub fall back. */
  isDefault: boolean;
  hub: HubModelOptions;
  env?: NodeJS.ProcessEnv;
  /** Receives the single fallback notice line. */
  log: (line: string) => void;
}

/** The innermost cause of a failed download, e.g. `getaddrinfo ENOTFOUND huggingface.co`. */
export function shortReason(error: unknown): string {
  let e: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && e instanceof Error && e.cause !== undefined; depth++) {
    e = e.cause;
    if (e instanceof Error && e.message) message = e.message;
  }
  return message;
}

/** Failures that mean "no hub today" (as opposed to a broken checkpoint, which must not be hidden). */
function hubUnavailable(e: unknown): e is ConvertError {
  return e instanceof ConvertError && (e.code === "DOWNLOAD_FAILED" || e.code === "OFFLINE_CACHE_MISS");
}

/** Why the hub gave nothing, naming the endpoint that was tried (a proxy or a mistyped HF_ENDPOINT shows). */
function hubFailure(e: ConvertError, options: ResolveOptions): string {
  if (e.code === "OFFLINE_CACHE_MISS") return "offline and not in the cache";
  const endpoint = options.hub.endpoint ?? options.env?.HF_ENDPOINT ?? "https://huggingface.co";
  return `hub unreachable at ${endpoint}: ${shortReason(e)}`;
}

export async function resolveModel(spec: ModelSpec, options: ResolveOptions): Promise<ResolvedModel> {
  if (spec.kind === "dir") return { source: spec.path, name: spec.path, kind: "dir", randomWeights: false };
  if (spec.kind === "url") return { source: spec.url, name: spec.url, kind: "url", randomWeights: false };
  const name = spec.revision === "main" ? spec.repoId : `${spec.repoId}@${spec.revision}`;
  try {
    const model = await hubModel(spec.repoId, { ...options.hub, revision: spec.revision });
    return { source: model.dir, name, kind: "hub", randomWeights: false, fromCache: model.fromCache };
  } catch (e) {
    if (!options.isDefault || !hubUnavailable(e)) throw e;
    const reason = hubFailure(e, options);
    let dir: string;
    try {
      dir = fallbackFixtureDir(options.env);
    } catch (missing) {
      // Without the fixture there is nothing to fall back to: the hub failure is the real news, say both.
      if (!(missing instanceof AppError)) throw missing;
      throw new AppError("FIXTURE_MISSING", `${name} not available (${reason}), and no fallback: ${missing.message}`, {
        cause: e,
      });
    }
    options.log(
      `${name} not available (${reason}); falling back to the ${FALLBACK_FIXTURE} test fixture (${dir}): ` +
        "its weights are RANDOM, so its predictions are meaningless",
    );
    return {
      source: dir,
      name: `${FALLBACK_FIXTURE} fixture (${dir})`,
      kind: "fixture",
      randomWeights: true,
      fallbackReason: reason,
    };
  }
}
