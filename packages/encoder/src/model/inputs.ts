import * as tf from "@tensorflow/tfjs-core";
import type { LongformerConfig } from "../config/longformer-config.js";
import { InputError, type InputErrorCode } from "../errors.js";

/** Flat typed arrays are read as one sequence `(1, L)`. */
export type IntegerTypedArray =
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Float32Array
  | Float64Array;

/**
 * A `(batch, seq)` integer input: nested arrays, one flat sequence (array or typed array), a rank-1/2
 * tensor, or flat row-major data with an explicit shape.
 */
export type TokenInput =
  | ReadonlyArray<ReadonlyArray<number>>
  | ReadonlyArray<number>
  | IntegerTypedArray
  | tf.Tensor
  | { data: ArrayLike<number>; shape: readonly number[] };

export interface LongformerInputs {
  inputIds: TokenInput;
  /** 1 for real tokens, 0 for padding (default: all 1). */
  attentionMask?: TokenInput;
  /** 1 for tokens with global attention (default: all 0). */
  globalAttentionMask?: TokenInput;
  /** Segment ids below `type_vocab_size` (default: all 0). */
  tokenTypeIds?: TokenInput;
}

/** Validated inputs as flat row-major `(batch, seqLen)` int32 arrays. */
export interface PreparedInputs {
  batch: number;
  seqLen: number;
  inputIds: Int32Array;
  attentionMask: Int32Array;
  globalAttentionMask: Int32Array;
  tokenTypeIds: Int32Array;
}

interface Rows {
  batch: number;
  seqLen: number;
  data: Int32Array;
}

function isTypedArray(value: unknown): value is IntegerTypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** `firstRow` numbers the rows in messages when `values` is one row of a nested input. */
function toInt32(name: string, values: ArrayLike<number>, seqLen: number, firstRow = 0): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isInteger(v)) {
      const row = firstRow + Math.floor(i / seqLen);
      throw new InputError("INVALID_VALUE", `${name}[${row}][${i - row * seqLen}] = ${v} is not an integer`, name);
    }
    out[i] = v;
  }
  return out;
}

function fromShaped(name: string, data: ArrayLike<number>, shape: readonly number[]): Rows {
  if (shape.length < 1 || shape.length > 2) {
    throw new InputError(
      "INVALID_RANK",
      `${name} must be (batch, seq) or (seq), got shape [${shape.join(", ")}]`,
      name,
    );
  }
  const [batch, seqLen] = shape.length === 2 ? [shape[0]!, shape[1]!] : [1, shape[0]!];
  if (batch * seqLen !== data.length) {
    throw new InputError(
      "SHAPE_MISMATCH",
      `${name} has ${data.length} values, its shape [${shape.join(", ")}] needs ${batch * seqLen}`,
      name,
    );
  }
  return { batch, seqLen, data: toInt32(name, data, seqLen) };
}

function fromNested(name: string, rows: ReadonlyArray<ReadonlyArray<number>>): Rows {
  const seqLen = rows[0]?.length ?? 0;
  const data = new Int32Array(rows.length * seqLen);
  rows.forEach((row, b) => {
    if (!Array.isArray(row)) throw new InputError("INVALID_VALUE", `${name}[${b}] is not an array`, name);
    if (row.length !== seqLen) {
      throw new InputError(
        "RAGGED_INPUT",
        `${name} is ragged: row 0 has ${seqLen} tokens, row ${b} has ${row.length}; pad rows to one length`,
        name,
      );
    }
    data.set(toInt32(name, row, seqLen, b), b * seqLen);
  });
  return { batch: rows.length, seqLen, data };
}

/** Any accepted form -> (batch, seqLen) int32 rows; rejects ragged, non-integer and wrongly ranked inputs. */
export function toRows(name: string, value: TokenInput): Rows {
  let rows: Rows;
  if (value instanceof tf.Tensor) rows = fromShaped(name, value.dataSync(), value.shape);
  else if (isTypedArray(value)) rows = fromShaped(name, value, [value.length]);
  else if (Array.isArray(value)) {
    rows = Array.isArray(value[0])
      ? fromNested(name, value as ReadonlyArray<ReadonlyArray<number>>)
      : fromShaped(name, value as ReadonlyArray<number>, [value.length]);
  } else if (typeof value === "object" && value !== null && "data" in value && "shape" in value) {
    rows = fromShaped(name, value.data, value.shape);
  } else {
    throw new InputError("INVALID_INPUT", `${name} must be nested arrays, a typed array or a tensor`, name);
  }
  if (rows.batch === 0 || rows.seqLen === 0) {
    throw new InputError("EMPTY_INPUT", `${name} is empty (batch ${rows.batch}, seq ${rows.seqLen})`, name);
  }
  return rows;
}

function checkRange(name: string, rows: Rows, low: number, high: number, code: InputErrorCode, what: string): void {
  for (let i = 0; i < rows.data.length; i++) {
    const v = rows.data[i] as number;
    if (v < low || v >= high) {
      const row = Math.floor(i / rows.seqLen);
      throw new InputError(code, `${name}[${row}][${i - row * rows.seqLen}] = ${v} is ${what}`, name);
    }
  }
}

function optionalRows(name: string, value: TokenInput | undefined, ids: Rows, fill: number): Rows {
  if (value === undefined) return { ...ids, data: new Int32Array(ids.data.length).fill(fill) };
  const rows = toRows(name, value);
  if (rows.batch !== ids.batch || rows.seqLen !== ids.seqLen) {
    throw new InputError(
      "SHAPE_MISMATCH",
      `${name} has shape [${rows.batch}, ${rows.seqLen}] but inputIds has [${ids.batch}, ${ids.seqLen}]`,
      name,
    );
  }
  return rows;
}

/**
 * Converts and validates `forward` inputs against the config: shapes agree, ids inside the vocabulary, masks
 * 0/1, token types below `type_vocab_size`, and no row needs a position beyond the position table.
 */
export function prepareInputs(inputs: LongformerInputs, config: LongformerConfig): PreparedInputs {
  if (typeof inputs !== "object" || inputs === null || inputs.inputIds === undefined) {
    throw new InputError(
      "INVALID_INPUT",
      "forward needs { inputIds, attentionMask?, globalAttentionMask?, tokenTypeIds? }",
    );
  }
  const ids = toRows("inputIds", inputs.inputIds);
  checkRange(
    "inputIds",
    ids,
    0,
    config.vocabSize,
    "TOKEN_ID_OUT_OF_RANGE",
    `outside the vocabulary [0, ${config.vocabSize})`,
  );
  const attention = optionalRows("attentionMask", inputs.attentionMask, ids, 1);
  checkRange("attentionMask", attention, 0, 2, "INVALID_MASK_VALUE", "not 0 or 1");
  const global = optionalRows("globalAttentionMask", inputs.globalAttentionMask, ids, 0);
  checkRange("globalAttentionMask", global, 0, 2, "INVALID_MASK_VALUE", "not 0 or 1");
  const types = optionalRows("tokenTypeIds", inputs.tokenTypeIds, ids, 0);
  checkRange(
    "tokenTypeIds",
    types,
    0,
    config.typeVocabSize,
    "TOKEN_TYPE_OUT_OF_RANGE",
    `outside [0, type_vocab_size = ${config.typeVocabSize})`,
  );
  checkPositions(ids, config);
  return {
    batch: ids.batch,
    seqLen: ids.seqLen,
    inputIds: ids.data,
    attentionMask: attention.data,
    globalAttentionMask: global.data,
    tokenTypeIds: types.data,
  };
}

/**
 * Positions count non-padding tokens from `pad_token_id + 1` (see `createPositionIds`), so a row fits when
 * `pad_token_id + nonPadTokens <= max_position_embeddings - 1`; padding tokens never need a new position.
 */
function checkPositions(ids: Rows, config: LongformerConfig): void {
  const pad = config.padTokenId;
  const maxTokens = config.maxPositionEmbeddings - 1 - pad;
  for (let b = 0; b < ids.batch; b++) {
    let count = 0;
    for (let i = b * ids.seqLen; i < (b + 1) * ids.seqLen; i++) if (ids.data[i] !== pad) count++;
    if (count > maxTokens) {
      throw new InputError(
        "SEQUENCE_TOO_LONG",
        `inputIds row ${b} has ${count} non-padding tokens but this model allows at most ${maxTokens}: positions start ` +
          `at pad_token_id + 1 = ${pad + 1} and max_position_embeddings is ${config.maxPositionEmbeddings}`,
        "inputIds",
      );
    }
  }
}
