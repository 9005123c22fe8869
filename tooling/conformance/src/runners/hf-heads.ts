import {
  disposeOutput,
  HfLongformerForMultipleChoice,
  LongformerForQuestionAnswering,
  LongformerForSequenceClassification,
  LongformerForTokenClassification,
} from "@longformer-ts/heads";
import type * as tf from "@tensorflow/tfjs-core";
import type { CaseContext, CaseRunner, ProducedOutputs, RunnerRegistry } from "../registry.js";
import { pickEncoderOutput, toRows } from "./encoder-runners.js";
import { checkpoint, flatInputs, forwardFlags, rank3 } from "./hat-heads.js";

/** Golden output name -> the head output field holding it (encoder outputs come from the head output too). */
const HEAD_FIELDS: Readonly<Record<string, string>> = {
  logits: "logits",
  start_logits: "startLogits",
  end_logits: "endLogits",
  pooled_output: "pooledOutput",
};

/** Any head output: encoder fields plus the head's own tensors, read by field name. */
type AnyOutput = Parameters<typeof pickEncoderOutput>[0] & object;

function collect(context: CaseContext, out: AnyOutput): ProducedOutputs {
  const produced: ProducedOutputs = new Map();
  for (const name of context.wanted) {
    const field = HEAD_FIELDS[name];
    const own = out as Record<string, unknown>;
    const t = (field ? own[field] : pickEncoderOutput(out, name)) as tf.Tensor | undefined;
    if (t) produced.set(name, { shape: [...t.shape], data: t.dataSync() });
  }
  return produced;
}

/** Runs a forward, collects the outputs (after `check`) and frees every tensor. */
function runAndCollect(
  context: CaseContext,
  forward: () => AnyOutput,
  check?: (out: AnyOutput) => void,
): ProducedOutputs {
  const out = forward();
  try {
    check?.(out);
    return collect(context, out);
  } finally {
    disposeOutput(out);
  }
}

/** The case's explicit `global_attention_mask`, when it has one (it replaces the head's own rule). */
function explicitGlobal(context: CaseContext): { globalAttentionMask?: number[][] } {
  const global = context.testCase.inputs.global_attention_mask;
  return global ? { globalAttentionMask: toRows(global) } : {};
}

/**
 * The context span (start, end) with the highest `start + end` logit, start <= end < start + maxLength, both
 * strictly between the second sep and the last one: the span HF's QA pipeline ranks first (the fixtures'
 * `best_span`). Checked independently of the heads package's pipeline code.
 */
function bestSpan(ids: number[], start: number[], end: number[], sepId: number, maxLength: number): [number, number] {
  const seps = ids.flatMap((id, i) => (id === sepId ? [i] : []));
  const first = (seps[1] ?? 0) + 1;
  const last = (seps[seps.length - 1] ?? ids.length) - 1;
  let best: [number, number] = [first, first];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let s = first; s <= last; s++) {
    for (let e = s; e <= Math.min(last, s + maxLength - 1); e++) {
      const score = (start[s] as number) + (end[e] as number);
      if (score > bestScore) {
        bestScore = score;
        best = [s, e];
      }
    }
  }
  return best;
}

/** `HF LongformerForSequenceClassification`: HF's head (first token), global on position 0 unless the case gives a mask. */
export const hfSequenceClassificationRunner: CaseRunner = {
  name: "heads: LongformerForSequenceClassification (HF head)",
  run: async (context) => {
    const model = await context.resource(`heads:hf-seqcls:${context.golden.modelDir}`, async () => {
      const { config, weights } = await checkpoint(context);
      return LongformerForSequenceClassification.fromWeights(config, weights, {
        headStyle: "hf",
        kernel: context.kernel,
      });
    });
    return runAndCollect(context, () =>
      model.forward({ ...flatInputs(context), ...explicitGlobal(context) }, forwardFlags(context)),
    );
  },
};

/** `HF LongformerForQuestionAnswering`: start/end logits; the case's `best_span` must be the top span of those logits. */
export const hfQuestionAnsweringRunner: CaseRunner = {
  name: "heads: LongformerForQuestionAnswering",
  run: async (context) => {
    const model = await context.resource(`heads:hf-qa:${context.golden.modelDir}`, async () => {
      const { config, weights } = await checkpoint(context);
      return LongformerForQuestionAnswering.fromWeights(config, weights, { kernel: context.kernel });
    });
    const inputs = flatInputs(context);
    const golden = context.testCase.best_span as Array<[number, number]> | undefined;
    return runAndCollect(
      context,
      () => model.forward({ ...inputs, ...explicitGlobal(context) }, forwardFlags(context)),
      (out) => {
        if (!golden) return;
        const { startLogits, endLogits } = out as { startLogits: tf.Tensor2D; endLogits: tf.Tensor2D };
        const starts = startLogits.arraySync();
        const ends = endLogits.arraySync();
        const sep = model.config.sepTokenId ?? 102;
        const spans = inputs.inputIds.map((ids, b) => bestSpan(ids, starts[b] ?? [], ends[b] ?? [], sep, 15));
        if (JSON.stringify(spans) !== JSON.stringify(golden)) {
          throw new Error(
            `best spans ${JSON.stringify(spans)} differ from the case's best_span ${JSON.stringify(golden)}`,
          );
        }
      },
    );
  },
};

/** `HF LongformerForTokenClassification`: one row of logits per token, no automatic global attention. */
export const hfTokenClassificationRunner: CaseRunner = {
  name: "heads: LongformerForTokenClassification",
  run: async (context) => {
    const model = await context.resource(`heads:hf-tokcls:${context.golden.modelDir}`, async () => {
      const { config, weights } = await checkpoint(context);
      return LongformerForTokenClassification.fromWeights(config, weights, { kernel: context.kernel });
    });
    return runAndCollect(context, () =>
      model.forward({ ...flatInputs(context), ...explicitGlobal(context) }, forwardFlags(context)),
    );
  },
};

/** `HF LongformerForMultipleChoice`: `(batch, choices, seq)`, HF's pooler + classifier, global on the option. */
export const hfMultipleChoiceRunner: CaseRunner = {
  name: "heads: HfLongformerForMultipleChoice",
  run: async (context) => {
    const model = await context.resource(`heads:hf-mc:${context.golden.modelDir}`, async () => {
      const { config, weights } = await checkpoint(context);
      return HfLongformerForMultipleChoice.fromWeights(config, weights, { kernel: context.kernel });
    });
    const { inputs } = context.testCase;
    const attentionMask = rank3("attention_mask", inputs.attention_mask);
    const tokenTypeIds = rank3("token_type_ids", inputs.token_type_ids);
    const globalAttentionMask = rank3("global_attention_mask", inputs.global_attention_mask);
    return runAndCollect(context, () =>
      model.forward(
        {
          inputIds: rank3("input_ids", inputs.input_ids)!,
          ...(attentionMask ? { attentionMask } : {}),
          ...(tokenTypeIds ? { tokenTypeIds } : {}),
          ...(globalAttentionMask ? { globalAttentionMask } : {}),
        },
        forwardFlags(context),
      ),
    );
  },
};

/** Registers the runners of HF's own head classes (the `longformer-hf` fixtures root) by exact `call.class`. */
export function registerHfHeadRunners(registry: RunnerRegistry): RunnerRegistry {
  return registry
    .register("HF LongformerForSequenceClassification", hfSequenceClassificationRunner)
    .register("HF LongformerForQuestionAnswering", hfQuestionAnsweringRunner)
    .register("HF LongformerForTokenClassification", hfTokenClassificationRunner)
    .register("HF LongformerForMultipleChoice", hfMultipleChoiceRunner);
}
