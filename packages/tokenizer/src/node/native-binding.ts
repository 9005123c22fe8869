import type * as Tokenizers from "tokenizers";

/** The `tokenizers` package (HF's Rust tokenizer through its Node binding). */
export type NativeBinding = typeof Tokenizers;

/** Either the loaded binding, or why it could not be loaded. */
export type NativeLoadResult = { binding: NativeBinding } | { binding: undefined; reason: string };

let pending: Promise<NativeLoadResult> | undefined;
let warned = false;

/** First line of an error's message: napi-rs's "Cannot find native binding" runs over several sentences. */
function firstLine(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  return (message.split(/(?<=\.)\s|\n/)[0] ?? message).trim();
}

/**
 * Loads `tokenizers` on first use, never at import time: the package is an optional peer, and when it
 * is missing or none of its platform binaries loads, its top-level code throws. A static import would
 * make that failure a module-linking error of this package's Node entry, which no `try`/`catch`
 * around a call of ours could catch.
 */
export function loadNativeBinding(): Promise<NativeLoadResult> {
  pending ??= import("tokenizers").then(
    (binding: NativeBinding) => ({ binding }),
    (cause: unknown) => ({ binding: undefined, reason: firstLine(cause) }),
  );
  return pending;
}

/** The one line printed (once per process) when the Node entry falls back to the pure-JS backend. */
export function fallbackWarning(reason: string): string {
  return `@longformer-ts/tokenizer: the native "tokenizers" binding is unavailable (${reason}); using the pure-JS backend (same ids and offsets, slower). Install "tokenizers" to use the native one.`;
}

/** Warns about the fallback the first time it happens in this process, and stays quiet afterwards. */
export function warnFallbackOnce(reason: string): void {
  if (warned) return;
  warned = true;
  console.warn(fallbackWarning(reason));
}
