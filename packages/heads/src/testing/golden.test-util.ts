import { KERNEL_NAMES } from "@longformer-ts/attention";
import { readSafetensors, type WeightTensor } from "@longformer-ts/convert";
import {
  type ArrayLikeTensor,
  compareArrays,
  compareGolden,
  loadGolden as loadSharedGolden,
  type GoldenSet as SharedGoldenSet,
  testKernel,
} from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import type { HeadModelOutput } from "../index.js";

/** The parts of a golden case the head tests read (see the fixtures README). */
export interface GoldenCase {
  name: string;
  call: { class: string; kwargs?: { output_hidden_states?: boolean; output_attentions?: boolean }; pooling?: string };
  inputs: {
    input_ids: number[][] | number[][][];
    attention_mask: number[][] | number[][][];
    token_type_ids: number[][] | number[][][];
    global_attention_mask?: number[][];
  };
  effective_global_attention_mask: number[][];
  masked_positions?: [number, number][];
  top5_ids?: number[][];
  source?: Array<{ text?: string; token_offset?: number; n_text_tokens?: number }>;
  outputs: Record<string, { key: string; shape: number[]; atol: number; num_global_tokens?: number[] }>;
}

export type GoldenSet = SharedGoldenSet<GoldenCase, WeightTensor>;

export function loadGolden(model: string): GoldenSet {
  return loadSharedGolden<GoldenCase, WeightTensor>(model, readSafetensors);
}

type CaseInputs<Nested> = { inputIds: Nested; attentionMask: Nested; tokenTypeIds: Nested };

function inputsOf<Nested>(c: GoldenCase): CaseInputs<Nested> {
  return {
    inputIds: c.inputs.input_ids as Nested,
    attentionMask: c.inputs.attention_mask as Nested,
    tokenTypeIds: c.inputs.token_type_ids as Nested,
  };
}

/** A case's model inputs as the `(batch, seq)` nested arrays the heads take. */
export const caseInputs = (c: GoldenCase): CaseInputs<number[][]> => inputsOf<number[][]>(c);

/** A multiple-choice case's inputs, `(batch, choices, seq)`. */
export const choiceCaseInputs = (c: GoldenCase): CaseInputs<number[][][]> => inputsOf<number[][][]>(c);

export function goldenCase(golden: GoldenSet, name: string): GoldenCase {
  const c = golden.cases.find((k) => k.name === name);
  if (!c) throw new Error(`golden ${golden.model} has no case ${name}`);
  return c;
}

/** HAT head cases (the plain `LongformerModel` cases belong to the encoder's tests). */
export function headCases(golden: GoldenSet): GoldenCase[] {
  return golden.cases.filter((c) => c.call.class.startsWith("HAT "));
}

/** Attention kernel under test: the default unless LONGFORMER_KERNEL names another. */
export const KERNEL = testKernel(KERNEL_NAMES);

export { BACKENDS } from "@longformer-ts/test-helpers";

type AnyHeadOutput = HeadModelOutput & {
  maskedLogits?: tf.Tensor;
  sentenceOutputs?: tf.Tensor;
  pooledOutput?: tf.Tensor;
  logits?: tf.Tensor;
};

/** The tensor a head output holds for a golden output name (`undefined` when it has none). */
export function pickOutput(out: AnyHeadOutput, name: string): tf.Tensor | undefined {
  const [kind, index] = name.split(".");
  const i = Number(index);
  switch (kind) {
    case "last_hidden_state":
      return out.lastHiddenState;
    case "hidden_states":
      return out.hiddenStates?.[i];
    case "attentions":
      return out.attentions?.[i];
    case "global_attentions":
      return out.globalAttentions?.[i];
    case "masked_logits":
      return out.maskedLogits;
    case "sentence_outputs":
      return out.sentenceOutputs;
    case "pooled_output":
      return out.pooledOutput;
    case "logits":
      return out.logits;
    default:
      return undefined;
  }
}

export interface OutputReport {
  output: string;
  maxAbsError: number;
  atol: number;
  ok: boolean;
  detail?: string;
}

/**
 * Compares EVERY output the case lists (a missing one is a failure, never skipped), elementwise with the
 * case's atol. `top5_logits` is checked as the 5 largest `maskedLogits` per row, and their ids must equal
 * `top5_ids` in order.
 */
export function compareCase(golden: GoldenSet, c: GoldenCase, out: AnyHeadOutput): OutputReport[] {
  const reports: OutputReport[] = [];
  for (const [name, spec] of Object.entries(c.outputs)) {
    const expected = golden.expected(spec.key);
    const exp: ArrayLikeTensor = { shape: expected.shape, data: expected.data };
    if (name === "top5_logits") {
      reports.push(compareTop5(c, out.maskedLogits, exp, spec.atol));
      continue;
    }
    const actual = pickOutput(out, name);
    if (!actual) {
      reports.push({
        output: name,
        maxAbsError: Number.POSITIVE_INFINITY,
        atol: spec.atol,
        ok: false,
        detail: "missing",
      });
      continue;
    }
    const r = compareGolden({ shape: actual.shape, data: actual.dataSync() }, exp, spec.atol, spec.num_global_tokens);
    reports.push({
      output: name,
      maxAbsError: r.maxAbsError,
      atol: spec.atol,
      ok: r.ok,
      ...(r.shapeMismatch ? { detail: r.shapeMismatch } : { detail: `worst at [${r.worstIndex}]` }),
    });
  }
  return reports;
}

function compareTop5(
  c: GoldenCase,
  maskedLogits: tf.Tensor | undefined,
  exp: ArrayLikeTensor,
  atol: number,
): OutputReport {
  if (!maskedLogits || !c.top5_ids) {
    return { output: "top5_logits", maxAbsError: Number.POSITIVE_INFINITY, atol, ok: false, detail: "missing" };
  }
  const { values, indices } = tf.topk(maskedLogits, 5);
  const act: ArrayLikeTensor = { shape: values.shape, data: values.dataSync() };
  const ids = indices.arraySync() as number[][];
  values.dispose();
  indices.dispose();
  const r = compareArrays(act, exp, atol);
  const idsMatch = JSON.stringify(ids) === JSON.stringify(c.top5_ids);
  return {
    output: "top5_logits",
    maxAbsError: r.maxAbsError,
    atol,
    ok: r.ok && idsMatch,
    detail: idsMatch ? "top5 ids in order" : `top5 ids ${JSON.stringify(ids)} != golden ${JSON.stringify(c.top5_ids)}`,
  };
}

/** Throws with every failing output listed. */
export function expectCaseMatches(label: string, reports: OutputReport[]): void {
  const failed = reports.filter((r) => !r.ok);
  if (failed.length) {
    throw new Error(
      `${label}: ${failed.length} output(s) outside tolerance:\n` +
        failed
          .map((r) => `  ${r.output}: max err ${r.maxAbsError.toExponential(2)} > atol ${r.atol} (${r.detail ?? ""})`)
          .join("\n"),
    );
  }
}

/** Worst error per output name across a test file, printed at the end for the report. */
export class ErrorLedger {
  private readonly worst = new Map<string, { err: number; atol: number }>();
  add(prefix: string, reports: OutputReport[]): void {
    for (const r of reports) {
      const key = `${prefix} ${r.output.replace(/\.\d+$/, ".*")}`;
      const prev = this.worst.get(key);
      if (!prev || r.maxAbsError / r.atol > prev.err / prev.atol)
        this.worst.set(key, { err: r.maxAbsError, atol: r.atol });
    }
  }
  summary(): string {
    return [...this.worst.entries()]
      .map(
        ([k, v]) =>
          `${k}: max err ${v.err.toExponential(2)} (atol ${v.atol}, ${((100 * v.err) / v.atol).toFixed(1)} %)`,
      )
      .join("\n");
  }
}
