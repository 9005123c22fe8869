import * as tf from "@tensorflow/tfjs-core";

export type CliBackend = "wasm" | "cpu";

export const CLI_BACKENDS: readonly CliBackend[] = ["wasm", "cpu"];

/**
 * Registers the tfjs backend from the apps' own dependencies (the encoder then uses it as is), so an app
 * never relies on a backend another package happens to have installed.
 */
export async function registerBackend(backend: CliBackend): Promise<void> {
  if (backend === "wasm") await import("@tensorflow/tfjs-backend-wasm");
  else await import("@tensorflow/tfjs-backend-cpu");
  // No tfjs console banners ("install tfjs-node" cannot apply here) on the CLI's stderr.
  tf.enableProdMode();
}
