import type { WeightTensor } from "@longformer-ts/convert";
import { type Comparison, compareGolden } from "@longformer-ts/test-helpers";
import type { GoldenOutputSpec } from "./cases.js";
import type { ProducedOutput } from "./registry.js";

/**
 * Elementwise comparison of one output with its golden value. For outputs marked with `num_global_tokens`
 * (global attentions of rows with fewer global tokens than G) only each row's real slots are compared: the
 * rest is HF filler.
 */
export function compareOutput(actual: ProducedOutput, expected: WeightTensor, spec: GoldenOutputSpec): Comparison {
  return compareGolden(actual, { shape: expected.shape, data: expected.data }, spec.atol, spec.num_global_tokens);
}
