import * as tf from "@tensorflow/tfjs-core";
import { BackendError } from "./errors.js";

export type BackendName = "wasm" | "cpu" | "webgl";

const NO_BACKEND_ADVICE =
  "add @tensorflow/tfjs-backend-wasm (in browsers also call its setWasmPaths so the .wasm files are found) or " +
  '@tensorflow/tfjs-backend-cpu to your dependencies, then pass { backend: "wasm" } or { backend: "cpu" } ' +
  "(or import the package yourself before loading)";

/**
 * Throws `BackendError` `NO_BACKEND` when no tfjs backend is registered. tfjs-core alone has none, and its
 * own error ("No backend found in registry.") surfaces only at the first tensor, without saying what to install.
 */
export function requireBackend(): void {
  if (tf.engine().backendNames().length === 0) {
    throw new BackendError("NO_BACKEND", `no TensorFlow.js backend is registered: ${NO_BACKEND_ADVICE}`);
  }
}

/**
 * What loaders run before touching tfjs: activates `name` when given (see {@link useBackend}), else checks
 * that a backend is registered and waits until tfjs has initialised the best one (wasm initialises
 * asynchronously, and tensors created before that fail).
 */
export async function prepareBackend(name?: BackendName): Promise<void> {
  if (name !== undefined) return useBackend(name);
  requireBackend();
  try {
    await tf.ready();
  } catch (cause) {
    throw new BackendError(
      "BACKEND_INIT_FAILED",
      `no registered tfjs backend (${tf.engine().backendNames().join(", ")}) initialised: ${String(cause)}`,
    );
  }
}

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
