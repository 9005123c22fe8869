// Both backends are registered by this page itself (the encoder's `useBackend` then uses them as is):
// importing them here is what makes Vite bundle them.
import "@tensorflow/tfjs-backend-webgl";
import { useBackend } from "@longformer-ts/encoder";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
// The wasm binaries are emitted by the Vite build next to the page (`?url`), so the page works offline
// and never fetches code from a CDN.
import wasmPlain from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import wasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import wasmThreadedSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";

export type PageBackend = "webgl" | "wasm";

setWasmPaths({
  "tfjs-backend-wasm.wasm": wasmPlain,
  "tfjs-backend-wasm-simd.wasm": wasmSimd,
  "tfjs-backend-wasm-threaded-simd.wasm": wasmThreadedSimd,
});

/** True when the page can get a WebGL context at all (headless browsers without a GPU often cannot). */
function webglAvailable(): boolean {
  try {
    const canvas = document.createElement("canvas");
    return (canvas.getContext("webgl2") ?? canvas.getContext("webgl")) !== null;
  } catch {
    return false;
  }
}

/**
 * Activates `webgl` when the browser has it, else `wasm` (or the one asked for). A webgl backend that
 * fails to initialise falls back to wasm too.
 */
export async function chooseBackend(preferred?: PageBackend): Promise<PageBackend> {
  const order: PageBackend[] = preferred ? [preferred] : webglAvailable() ? ["webgl", "wasm"] : ["wasm"];
  let lastError: unknown;
  for (const name of order) {
    try {
      await useBackend(name);
      return name;
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}
