import type { FillMaskResult, MaskPrediction } from "@longformer-ts/heads";
import type { ResolvedModel } from "./resolve-model.js";

/** One text's results as printed: the pipeline's masks and warnings, plus the time it took. */
export interface TextResult extends FillMaskResult {
  text: string;
  /** Inference time of this text in milliseconds. */
  ms: number;
}

/** A text the pipeline refused (no mask, masks beyond the length limit, ...): reported in its place. */
export interface TextFailure {
  text: string;
  error: { code: string; message: string };
}

export const isFailure = (r: TextResult | TextFailure): r is TextFailure => "error" in r;

/** `--json` output: one object on stdout. Mask entries are the pipeline's (`charStart`, `position`, `predictions`). */
export interface JsonReport {
  model: {
    name: string;
    kind: ResolvedModel["kind"];
    source: string;
    randomWeights: boolean;
    fallbackReason: string | null;
  };
  backend: string;
  topK: number;
  loadMs: number;
  results: Array<TextResult | TextFailure>;
}

export function jsonReport(
  model: ResolvedModel,
  backend: string,
  topK: number,
  loadMs: number,
  results: Array<TextResult | TextFailure>,
): JsonReport {
  return {
    model: {
      name: model.name,
      kind: model.kind,
      source: model.source,
      randomWeights: model.randomWeights,
      fallbackReason: model.fallbackReason ?? null,
    },
    backend,
    topK,
    loadMs: Math.round(loadMs),
    results,
  };
}

const PREVIEW_CHARS = 100;

function flatten(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function preview(text: string): string {
  const flat = flatten(text);
  return flat.length <= PREVIEW_CHARS ? flat : `${flat.slice(0, PREVIEW_CHARS - 1)}…`;
}

/** `radius` characters either side of a mask, the mask written as `<mask>`. */
export function maskContext(text: string, mask: Pick<MaskPrediction, "charStart" | "charEnd">, radius = 40): string {
  const before = text.slice(Math.max(0, mask.charStart - radius), mask.charStart);
  const after = text.slice(mask.charEnd, mask.charEnd + radius);
  return flatten(
    `${mask.charStart > radius ? "…" : ""}${before}<mask>${after}${mask.charEnd + radius < text.length ? "…" : ""}`,
  );
}

/** Human-readable results: a header naming the model, then each text with a ranked list per mask. */
export function formatText(model: ResolvedModel, results: TextResult[]): string {
  const lines: string[] = [`model: ${model.name}`];
  if (model.randomWeights) lines.push("note:  RANDOM weights (test fixture): the predictions below are meaningless");
  for (const result of results) {
    lines.push("", preview(result.text));
    const showContext = result.masks.length > 1 || flatten(result.text).length > PREVIEW_CHARS;
    result.masks.forEach((mask, i) => {
      lines.push(`  mask ${i + 1} (token ${mask.position})${showContext ? `: ${maskContext(result.text, mask)}` : ""}`);
      const width = Math.max(5, ...mask.predictions.map((p) => p.tokenStr.length));
      mask.predictions.forEach((p, rank) => {
        lines.push(
          `    ${String(rank + 1).padStart(2)}. ${p.tokenStr.padEnd(width)}  ${p.score.toFixed(4)}  (id ${p.token})`,
        );
      });
    });
  }
  return `${lines.join("\n")}\n`;
}
