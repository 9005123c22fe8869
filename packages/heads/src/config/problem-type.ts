import type { LongformerConfig } from "@longformer-ts/encoder";
import { HeadsError } from "../errors.js";

/** HF's `problem_type` values: how logits turn into scores. */
export type ProblemType = "single_label_classification" | "multi_label_classification" | "regression";

const PROBLEM_TYPES: readonly ProblemType[] = [
  "single_label_classification",
  "multi_label_classification",
  "regression",
];

/**
 * The config's `problem_type`; when absent, what HF infers at training time from the label count:
 * one label means regression, more mean single-label classification (softmax).
 */
export function resolveProblemType(config: LongformerConfig, override?: ProblemType): ProblemType {
  const value = override ?? config.problemType;
  if (value === undefined) return config.numLabels === 1 ? "regression" : "single_label_classification";
  if (!(PROBLEM_TYPES as readonly string[]).includes(value)) {
    throw new HeadsError(
      "INVALID_OPTION",
      `problem_type "${value}" is not one of ${PROBLEM_TYPES.map((p) => `"${p}"`).join(", ")}`,
    );
  }
  return value as ProblemType;
}
