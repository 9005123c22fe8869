import { InputError, type LongformerInputs, type TokenInput } from "@longformer-ts/encoder";
import * as tf from "@tensorflow/tfjs-core";

/** A `(batch, choices, seq)` integer input: nested arrays, a rank-3 tensor, or flat data with its shape. */
export type ChoiceTokenInput =
  | ReadonlyArray<ReadonlyArray<ReadonlyArray<number>>>
  | tf.Tensor
  | { data: ArrayLike<number>; shape: readonly number[] };

/** Multiple-choice inputs: every field is `(batch, choices, seq)`. */
export interface MultipleChoiceInputs {
  inputIds: ChoiceTokenInput;
  attentionMask?: ChoiceTokenInput;
  tokenTypeIds?: ChoiceTokenInput;
  /** Replaces the head's own rule (global attention on every CLS/SEP). */
  globalAttentionMask?: ChoiceTokenInput;
}

interface Flat3 {
  data: ArrayLike<number>;
  shape: [number, number, number];
}

function rank3(name: string, value: ChoiceTokenInput): Flat3 {
  if (value instanceof tf.Tensor) {
    if (value.rank !== 3) {
      throw new InputError("INVALID_RANK", `${name} must be (batch, choices, seq), got shape [${value.shape}]`, name);
    }
    return { data: value.dataSync(), shape: value.shape as [number, number, number] };
  }
  if (Array.isArray(value)) {
    const rows = value as ReadonlyArray<ReadonlyArray<ReadonlyArray<number>>>;
    const choices = rows[0]?.length ?? 0;
    const seq = rows[0]?.[0]?.length ?? 0;
    if (!rows.every((example) => Array.isArray(example) && example.every((choice) => Array.isArray(choice)))) {
      throw new InputError("INVALID_RANK", `${name} must be nested (batch, choices, seq) arrays`, name);
    }
    const data: number[] = [];
    rows.forEach((example, b) => {
      if (example.length !== choices) {
        throw new InputError(
          "RAGGED_INPUT",
          `${name}[${b}] has ${example.length} choices, ${name}[0] has ${choices}; every example needs the same number`,
          name,
        );
      }
      example.forEach((choice, c) => {
        if (choice.length !== seq) {
          throw new InputError(
            "RAGGED_INPUT",
            `${name}[${b}][${c}] has ${choice.length} tokens, ${name}[0][0] has ${seq}; pad every choice to one length`,
            name,
          );
        }
        for (const v of choice) data.push(v);
      });
    });
    return { data, shape: [rows.length, choices, seq] };
  }
  if (typeof value === "object" && value !== null && "data" in value && "shape" in value) {
    if (value.shape.length !== 3) {
      throw new InputError("INVALID_RANK", `${name} must be (batch, choices, seq), got shape [${value.shape}]`, name);
    }
    return { data: value.data, shape: [...value.shape] as [number, number, number] };
  }
  throw new InputError("INVALID_INPUT", `${name} must be nested arrays, a rank-3 tensor or { data, shape }`, name);
}

/** HAT's `view(-1, seq)`: `(batch, choices, seq)` inputs as `(batch * choices, seq)` rows, plus the two sizes. */
export function flattenChoices(inputs: MultipleChoiceInputs): {
  flat: LongformerInputs;
  batch: number;
  numChoices: number;
} {
  if (typeof inputs !== "object" || inputs === null || inputs.inputIds === undefined) {
    throw new InputError(
      "INVALID_INPUT",
      "forward needs { inputIds, attentionMask?, tokenTypeIds?, globalAttentionMask? }",
    );
  }
  const ids = rank3("inputIds", inputs.inputIds);
  const [batch, numChoices, seq] = ids.shape;
  const flatten = (name: string, value: ChoiceTokenInput | undefined): TokenInput | undefined => {
    if (value === undefined) return undefined;
    const t = rank3(name, value);
    if (t.shape.some((d, i) => d !== ids.shape[i])) {
      throw new InputError("SHAPE_MISMATCH", `${name} has shape [${t.shape}] but inputIds has [${ids.shape}]`, name);
    }
    return { data: t.data, shape: [batch * numChoices, seq] };
  };
  const flat: LongformerInputs = { inputIds: { data: ids.data, shape: [batch * numChoices, seq] } };
  const attentionMask = flatten("attentionMask", inputs.attentionMask);
  const tokenTypeIds = flatten("tokenTypeIds", inputs.tokenTypeIds);
  const globalAttentionMask = flatten("globalAttentionMask", inputs.globalAttentionMask);
  if (attentionMask) flat.attentionMask = attentionMask;
  if (tokenTypeIds) flat.tokenTypeIds = tokenTypeIds;
  if (globalAttentionMask) flat.globalAttentionMask = globalAttentionMask;
  return { flat, batch, numChoices };
}
