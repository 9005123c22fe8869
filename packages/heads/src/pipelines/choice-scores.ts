import type { MultipleChoiceExample } from "@longformer-ts/tokenizer";
import type { PipelineWarning } from "./warnings.js";

export interface ChoiceScore {
  index: number;
  option: string;
  /** Softmax over the options. */
  score: number;
  logit: number;
}

export interface MultipleChoiceAnswer {
  /** One entry per option, in the given order. */
  scores: ChoiceScore[];
  best: ChoiceScore;
  warnings: PipelineWarning[];
}

/** Softmax over one example's option logits and the best option. */
export function scoreChoices(
  example: MultipleChoiceExample,
  logits: Float32Array,
  warnings: PipelineWarning[],
): MultipleChoiceAnswer {
  const max = Math.max(...logits);
  const exps = Array.from(logits, (l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const scores = example.options.map((option, index) => ({
    index,
    option,
    score: (exps[index] as number) / sum,
    logit: logits[index] as number,
  }));
  const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
  return { scores, best, warnings };
}
