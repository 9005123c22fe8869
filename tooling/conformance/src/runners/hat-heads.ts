import { parseLongformerConfig } from "@longformer-ts/encoder";
import {
  disposeOutput,
  type HeadModelOutput,
  LongformerForMaskedLM,
  LongformerForMultipleChoice,
  LongformerForSentenceClassification,
  LongformerForSequenceClassification,
  type MultipleChoicePooling,
  type Pooling,
} from "@longformer-ts/heads";
import * as tf from "@tensorflow/tfjs-core";
import type { NestedInts } from "../cases.js";
import type { CaseContext, CaseRunner, ProducedOutputs, RunnerRegistry } from "../registry.js";
import { pickEncoderOutput, toRows } from "./encoder-runners.js";

/** Head outputs by golden name; encoder outputs are read from `HeadModelOutput`. */
type HeadOutputs = HeadModelOutput & {
  maskedLogits?: tf.Tensor;
  sentenceOutputs?: tf.Tensor;
  pooledOutput?: tf.Tensor;
  logits?: tf.Tensor;
};

/** Head outputs by golden name, else the encoder outputs the head model also returns. */
function pick(out: HeadOutputs, name: string): tf.Tensor | undefined {
  switch (name) {
    case "masked_logits":
      return out.maskedLogits;
    case "sentence_outputs":
      return out.sentenceOutputs;
    case "pooled_output":
      return out.pooledOutput;
    case "logits":
      return out.logits;
    default:
      return pickEncoderOutput(out, name);
  }
}

/** What the case asks the encoder to return besides `last_hidden_state`. */
export function forwardFlags(context: CaseContext): { outputHiddenStates: boolean; outputAttentions: boolean } {
  return {
    outputHiddenStates: context.wanted.some((n) => n.startsWith("hidden_states.")),
    outputAttentions: context.wanted.some((n) => n.startsWith("attentions.") || n.startsWith("global_attentions.")),
  };
}

/** The HAT heads derive the global mask from the ids; it must be the one the case records. */
function checkGlobalMask(context: CaseContext, used: number[][]): void {
  const effective = context.testCase.effective_global_attention_mask;
  if (effective && JSON.stringify(toRows(effective)) !== JSON.stringify(used)) {
    throw new Error(
      "the head's global mask (every CLS/SEP token) differs from the case's effective_global_attention_mask",
    );
  }
}

/** Every output the case records that the head computed; `top5_logits` from `maskedLogits`, ids checked against `top5_ids`. */
function collect(context: CaseContext, out: HeadOutputs): ProducedOutputs {
  const produced: ProducedOutputs = new Map();
  for (const name of context.wanted) {
    if (name === "top5_logits" && out.maskedLogits) {
      const { values, indices } = tf.topk(out.maskedLogits, 5);
      const ids = indices.arraySync() as number[][];
      produced.set(name, { shape: [...values.shape], data: values.dataSync() });
      tf.dispose([values, indices]);
      const golden = context.testCase.top5_ids;
      if (golden !== undefined && JSON.stringify(ids) !== JSON.stringify(golden)) {
        throw new Error(`top-5 ids ${JSON.stringify(ids)} differ from the case's top5_ids ${JSON.stringify(golden)}`);
      }
      continue;
    }
    const t = pick(out, name);
    if (t) produced.set(name, { shape: [...t.shape], data: t.dataSync() });
  }
  return produced;
}

/** Runs a forward, collects the outputs and frees every tensor. */
function runAndCollect(context: CaseContext, forward: () => HeadOutputs): ProducedOutputs {
  const out = forward();
  try {
    checkGlobalMask(context, out.globalAttentionMask);
    return collect(context, out);
  } finally {
    disposeOutput(out);
  }
}

export async function checkpoint(context: CaseContext) {
  const loaded = await context.weights();
  return { config: parseLongformerConfig(loaded.config), weights: loaded.weights };
}

export function flatInputs(context: CaseContext) {
  const { inputs } = context.testCase;
  return {
    inputIds: toRows(inputs.input_ids),
    ...(inputs.attention_mask ? { attentionMask: toRows(inputs.attention_mask) } : {}),
    ...(inputs.token_type_ids ? { tokenTypeIds: toRows(inputs.token_type_ids) } : {}),
  };
}

/** `HAT LongformerForMaskedLM`: logits at the case's `masked_positions` only. */
export const hatMaskedLmRunner: CaseRunner = {
  name: "heads: LongformerForMaskedLM",
  run: async (context) => {
    const model = await context.resource(`heads:mlm:${context.golden.modelDir}`, async () => {
      const { config, weights } = await checkpoint(context);
      return LongformerForMaskedLM.fromWeights(config, weights, { kernel: context.kernel });
    });
    const positions = context.testCase.masked_positions as Array<[number, number]> | undefined;
    return runAndCollect(context, () =>
      model.forward(flatInputs(context), { ...forwardFlags(context), ...(positions ? { positions } : {}) }),
    );
  },
};

/** `HAT LongformerModelForSequenceClassification` with the case's `call.pooling` (HAT default `max`). */
export const hatSequenceClassificationRunner: CaseRunner = {
  name: "heads: LongformerForSequenceClassification",
  run: async (context) => {
    const pooling = (context.testCase.call.pooling ?? "max") as Pooling;
    const model = await context.resource(`heads:seqcls:${pooling}:${context.golden.modelDir}`, async () => {
      const { config, weights } = await checkpoint(context);
      return LongformerForSequenceClassification.fromWeights(config, weights, { pooling, kernel: context.kernel });
    });
    return runAndCollect(context, () => model.forward(flatInputs(context), forwardFlags(context)));
  },
};

/** `HAT LongformerModelForSentenceClassification`: one row of logits per block. */
export const hatSentenceClassificationRunner: CaseRunner = {
  name: "heads: LongformerForSentenceClassification",
  run: async (context) => {
    const model = await context.resource(`heads:sentcls:${context.golden.modelDir}`, async () => {
      const { config, weights } = await checkpoint(context);
      return LongformerForSentenceClassification.fromWeights(config, weights, { kernel: context.kernel });
    });
    return runAndCollect(context, () => model.forward(flatInputs(context), forwardFlags(context)));
  },
};

export function rank3(name: string, nested: NestedInts | undefined): number[][][] | undefined {
  if (nested === undefined) return undefined;
  const ok = Array.isArray(nested[0]) && Array.isArray((nested[0] as NestedInts)[0]);
  if (!ok) throw new Error(`multiple-choice ${name} must be (batch, choices, seq)`);
  return nested as number[][][];
}

/** `HAT LongformerForMultipleChoice`: `(batch, choices, seq)` inputs, the case's `call.pooling` (HAT default `last`). */
export const hatMultipleChoiceRunner: CaseRunner = {
  name: "heads: LongformerForMultipleChoice",
  run: async (context) => {
    const pooling = (context.testCase.call.pooling ?? "last") as MultipleChoicePooling;
    const model = await context.resource(`heads:mc:${pooling}:${context.golden.modelDir}`, async () => {
      const { config, weights } = await checkpoint(context);
      return LongformerForMultipleChoice.fromWeights(config, weights, { pooling, kernel: context.kernel });
    });
    const { inputs } = context.testCase;
    const attentionMask = rank3("attention_mask", inputs.attention_mask);
    const tokenTypeIds = rank3("token_type_ids", inputs.token_type_ids);
    return runAndCollect(context, () =>
      model.forward(
        {
          inputIds: rank3("input_ids", inputs.input_ids)!,
          ...(attentionMask ? { attentionMask } : {}),
          ...(tokenTypeIds ? { tokenTypeIds } : {}),
        },
        forwardFlags(context),
      ),
    );
  },
};

/** Registers the HAT head runners by exact `call.class` (they take precedence over the encoder-only `^HAT ` pattern). */
export function registerHeadRunners(registry: RunnerRegistry): RunnerRegistry {
  return registry
    .register("HAT LongformerForMaskedLM", hatMaskedLmRunner)
    .register("HAT LongformerModelForSequenceClassification", hatSequenceClassificationRunner)
    .register("HAT LongformerModelForSentenceClassification", hatSentenceClassificationRunner)
    .register("HAT LongformerForMultipleChoice", hatMultipleChoiceRunner);
}
