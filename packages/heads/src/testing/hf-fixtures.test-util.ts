import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturesRoot, longformerFixturesDir } from "@longformer-ts/test-helpers";

/** A model of the `longformer-hf` fixtures root (HF's own heads), e.g. `tiny-hf-qa`. */
export function hfModelDir(name: string): string {
  return join(fixturesRoot(), "longformer-hf", "models", name);
}

/** A model of the `longformer` fixtures root (HAT's heads), e.g. `tiny-mc`. */
export function hatModelDir(name: string): string {
  return join(longformerFixturesDir(), "models", name);
}

/** The first case of a `longformer-hf` golden file (inputs and extra fields such as `best_span`). */
export function hfGoldenCase(model: string): {
  inputs: { input_ids: number[][]; attention_mask: number[][] };
  best_span?: Array<[number, number]>;
} {
  const file = JSON.parse(readFileSync(join(fixturesRoot(), "longformer-hf", "golden", model, "cases.json"), "utf8"));
  return file.cases[0];
}
