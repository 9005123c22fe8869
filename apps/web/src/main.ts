import { simdPaths } from "@longformer-ts/attention";
import { FillMaskPipeline } from "@longformer-ts/heads";
import { chooseBackend } from "./backend.js";
import { checkModelDirectory } from "./model-check.js";
import { readPageOptions } from "./page-options.js";
import { renderPredictions } from "./render.js";

function element<T extends HTMLElement>(selector: string): T {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`the page has no ${selector}`);
  return el;
}

const status = element<HTMLParagraphElement>("#status");
const form = element<HTMLFormElement>("#fill-form");
const textBox = element<HTMLTextAreaElement>("#text");
const topKBox = element<HTMLInputElement>("#top-k");
const button = element<HTMLButtonElement>("#fill");
const timing = element<HTMLParagraphElement>("#timing");
const results = element<HTMLElement>("#results");

function setStatus(state: "loading" | "ready" | "error", text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

const ms = (t: number): string => `${t.toFixed(0)} ms`;

/** What `start` was doing, for the error status ("Could not <phase>: ..."). */
let phase = "read the page address";

async function start(): Promise<void> {
  const options = readPageOptions(location.search, location.href);
  element("#model-url").textContent = options.modelUrl;
  const started = performance.now();
  phase = "start a backend";
  const backend = await chooseBackend(options.backend);
  setStatus("loading", `Loading the model on ${backend}…`);
  phase = "load the model";
  await checkModelDirectory(options.modelUrl);
  // The pipeline fetches the tokenizer and the converted weights from the URL itself.
  const pipeline = await FillMaskPipeline.fromPretrained(options.modelUrl);
  const loadMs = performance.now() - started;
  status.dataset.backend = backend;
  const paths = simdPaths();
  // Which attention path runs: the SIMD module in tfjs-wasm's heap, the SIMD module on copies, or plain JS.
  status.dataset.attention = paths.inTfjsWasmHeap ? "simd-in-heap" : paths.simd ? "simd" : "js";
  status.dataset.loadMs = String(Math.round(loadMs));
  setStatus("ready", `Model loaded in ${ms(loadMs)} (backend: ${backend}).`);
  button.disabled = false;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const topK = Math.min(50, Math.max(1, Number(topKBox.value) || 5));
    button.disabled = true;
    results.dataset.state = "running";
    const t0 = performance.now();
    const text = textBox.value;
    pipeline
      .fillMask(text, { topK })
      .then(({ masks, warnings }) => {
        const inferenceMs = performance.now() - t0;
        renderPredictions(results, text, masks);
        const notes = warnings.map((w) => ` · ${w.message}`).join("");
        timing.textContent = `Inference ${ms(inferenceMs)} · model load ${ms(loadMs)} · backend ${backend}${notes}`;
        timing.dataset.inferenceMs = String(Math.round(inferenceMs));
        results.dataset.state = "done";
      })
      .catch((e: unknown) => {
        timing.textContent = "";
        results.dataset.state = "error";
        results.textContent = e instanceof Error ? e.message : String(e);
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}

start().catch((e: unknown) => {
  const code = (e as { code?: unknown }).code;
  setStatus(
    "error",
    `Could not ${phase}: ${typeof code === "string" ? `[${code}] ` : ""}${e instanceof Error ? e.message : String(e)}`,
  );
  console.error(e);
});
