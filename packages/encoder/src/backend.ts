import * as tf from "@tensorflow/tfjs-core";
import { BackendError } from "./errors.js";

export type BackendName = "wasm" | "cpu" | "webgl";

/**
 * Registers (by importing its package, an optional peer dependency) and activates a tfjs backend.
 * A backend the application registered itself is used as is.
 */
export async function useBackend(name: BackendName): Promise<void> {
  if (!tf.findBackendFactory(name)) await registerBackend(name);
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (cause) {
    throw new BackendError("BACKEND_INIT_FAILED", `tfjs backend "${name}" failed to initialise: ${String(cause)}`);
  }
  if (!ok) throw new BackendError("BACKEND_INIT_FAILED", `tfjs backend "${name}" failed to initialise`);
  await tf.ready();
}

async function registerBackend(name: BackendName): Promise<void> {
  try {
    if (name === "wasm") await import("@tensorflow/tfjs-backend-wasm");
    else if (name === "cpu") await import("@tensorflow/tfjs-backend-cpu");
    else if (name === "webgl") {
      // Not a dependency of this package: resolved at run time only when asked for.
      const specifier = "@tensorflow/tfjs-backend-webgl";
      await import(/* @vite-ignore */ specifier);
    } else throw new BackendError("UNKNOWN_BACKEND", `unknown backend "${String(name)}"; use "wasm", "cpu" or "webgl"`);
  } catch (cause) {
    if (cause instanceof BackendError) throw cause;
    throw new BackendError(
      "BACKEND_UNAVAILABLE",
      `tfjs backend "${name}" is not installed: add @tensorflow/tfjs-backend-${name} 4.22 to your dependencies (${String(cause)})`,
    );
  }
  if (!tf.findBackendFactory(name)) {
    throw new BackendError(
      "BACKEND_UNAVAILABLE",
      `importing @tensorflow/tfjs-backend-${name} did not register "${name}"`,
    );
  }
}
