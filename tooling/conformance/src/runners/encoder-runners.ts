import { LongformerModel, type LongformerModelOutput, parseLongformerConfig } from "@longformer-ts/encoder";
import * as tf from "@tensorflow/tfjs-core";
import type { NestedInts } from "../cases.js";
import type { CaseContext, CaseRunner, ProducedOutputs } from "../registry.js";

/** (batch, seq) rows from nested ints of any depth >= 1: leading axes are flattened, as HAT's multiple choice does. */
export function toRows(nested: NestedInts): number[][] {
  if (nested.length === 0 || typeof nested[0] === "number") return [nested as number[]];
  if (typeof (nested[0] as NestedInts)[0] === "number") return nested as number[][];
  return (nested as NestedInts[]).flatMap((inner) => toRows(inner));
}

const ENCODER_OUTPUT = /^(last_hidden_state|pooler_output|hidden_states\.\d+|attentions\.\d+|global_attentions\.\d+)$/;

/** The encoder outputs a golden name can refer to (head models return them too). */
export type EncoderOutputs = Partial<
  Pick<LongformerModelOutput, "lastHiddenState" | "poolerOutput" | "hiddenStates" | "attentions" | "globalAttentions">
>;

/** The encoder output a golden name refers to, if it was computed. */
export function pickEncoderOutput(out: EncoderOutputs, name: string): tf.Tensor | undefined {
  const [kind, index] = name.split(".");
  const i = Number(index);
  switch (kind) {
    case "last_hidden_state":
      return out.lastHiddenState;
    case "pooler_output":
      return out.poolerOutput;
    case "hidden_states":
      return out.hiddenStates?.[i];
    case "attentions":
      return out.attentions?.[i];
    case "global_attentions":
      return out.globalAttentions?.[i];
    default:
      return undefined;
  }
}

/** The case's checkpoint as an HF `LongformerModel` (encoder weights found by prefix), built once per run. */
export function encoderFor(context: CaseContext): Promise<LongformerModel> {
  return context.resource(`encoder:${context.golden.modelDir}`, async () => {
    const loaded = await context.weights();
    return LongformerModel.fromWeights(parseLongformerConfig(loaded.config), loaded.weights, {
      kernel: context.kernel,
    });
  });
}

/**
 * Runs the encoder on the case's inputs with `globalAttentionMask` and returns the encoder outputs the case
 * records (hidden states and attentions are only computed when asked for).
 */
export async function encoderOutputs(
  context: CaseContext,
  globalAttentionMask: number[][] | undefined,
): Promise<ProducedOutputs> {
  const model = await encoderFor(context);
  const { inputs } = context.testCase;
  const wanted = context.wanted.filter((name) => ENCODER_OUTPUT.test(name));
  const out = model.forward(
    {
      inputIds: toRows(inputs.input_ids),
      attentionMask: inputs.attention_mask && toRows(inputs.attention_mask),
      tokenTypeIds: inputs.token_type_ids && toRows(inputs.token_type_ids),
      globalAttentionMask,
    },
    {
      outputHiddenStates: wanted.some((n) => n.startsWith("hidden_states.")),
      outputAttentions: wanted.some((n) => n.startsWith("attentions.") || n.startsWith("global_attentions.")),
    },
  );
  try {
    const produced: ProducedOutputs = new Map();
    for (const name of wanted) {
      const t = pickEncoderOutput(out, name);
      if (t) produced.set(name, { shape: [...t.shape], data: t.dataSync() });
    }
    return produced;
  } finally {
    tf.dispose(out as unknown as tf.TensorContainer);
  }
}

/** HF `LongformerModel` cases: the encoder of the checkpoint with the case's explicit global mask. */
export const hfLongformerModelRunner: CaseRunner = {
  name: "encoder",
  run: (context) => {
    const global = context.testCase.inputs.global_attention_mask;
    return encoderOutputs(context, global && toRows(global));
  },
};

/**
 * HAT head classes: HAT puts global attention on every token equal to the config's `cls_token_id` or
 * `sep_token_id`, ignoring any user mask. This runner computes the encoder outputs of such a case; the head
 * outputs (logits, pooled outputs, ...) need the heads package's runners.
 */
export const hatEncoderRunner: CaseRunner = {
  name: "encoder (HAT global mask)",
  run: async (context) => {
    const model = await encoderFor(context);
    const { clsTokenId, sepTokenId } = model.config;
    if (clsTokenId === undefined || sepTokenId === undefined) {
      throw new Error("HAT case but the config has no cls_token_id/sep_token_id to derive the global mask from");
    }
    const ids = toRows(context.testCase.inputs.input_ids);
    const global = ids.map((row) => row.map((id) => (id === clsTokenId || id === sepTokenId ? 1 : 0)));
    const effective = context.testCase.effective_global_attention_mask;
    if (effective && JSON.stringify(toRows(effective)) !== JSON.stringify(global)) {
      throw new Error(
        "the global mask derived from cls/sep ids differs from the case's effective_global_attention_mask",
      );
    }
    return encoderOutputs(context, global);
  },
};
