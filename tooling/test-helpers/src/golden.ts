import { readFileSync } from "node:fs";
import { join } from "node:path";
import { longformerFixturesDir } from "./fixtures.js";

/**
 * A safetensors reader (`@longformer-ts/convert`'s `readSafetensors`), passed in by the caller: convert's own
 * tests use this package, so depending on convert here would make a cycle.
 */
export type TensorFileReader<Tensor> = (bytes: Uint8Array) => { tensors: Map<string, Tensor> };

/** One `golden/<model>/` directory: its cases (typed by the caller) and the expected tensors by key. */
export interface GoldenSet<Case, Tensor> {
  model: string;
  /** The model directory the cases run (`models/<model>`). */
  modelDir: string;
  cases: Case[];
  /** The expected tensor stored under `key` (`<case>/<output>`); throws when absent. */
  expected(key: string): Tensor;
}

/** Reads `golden/<model>/cases.json` and its outputs file from the shared fixtures. */
export function loadGolden<Case, Tensor>(
  model: string,
  readTensors: TensorFileReader<Tensor>,
): GoldenSet<Case, Tensor> {
  const root = longformerFixturesDir();
  const dir = join(root, "golden", model);
  const json = JSON.parse(readFileSync(join(dir, "cases.json"), "utf8")) as {
    model_dir: string;
    outputs_file: string;
    cases: Case[];
  };
  const { tensors } = readTensors(readFileSync(join(dir, json.outputs_file)));
  return {
    model,
    modelDir: join(root, json.model_dir),
    cases: json.cases,
    expected: (key) => {
      const t = tensors.get(key);
      if (!t) throw new Error(`golden ${model} has no tensor ${key}`);
      return t;
    },
  };
}
