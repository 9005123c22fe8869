import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { parseLongformerConfig } from "../config/parse-config.js";
import { InputError } from "../errors.js";
import { type LongformerInputs, prepareInputs } from "./inputs.js";

// vocab 100, pad 0, positions 1..9 for real tokens: at most 9 non-padding tokens per row.
const config = parseLongformerConfig({
  model_type: "longformer",
  vocab_size: 100,
  pad_token_id: 0,
  max_position_embeddings: 10,
  type_vocab_size: 2,
  num_hidden_layers: 1,
  attention_window: 4,
});

function errorOf(inputs: LongformerInputs, cfg = config): InputError {
  try {
    prepareInputs(inputs, cfg);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("prepareInputs", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it("accepts nested arrays, flat arrays, typed arrays, tensors and {data, shape} alike", () => {
    const forms = [
      [[5, 6, 7]],
      [5, 6, 7],
      new Int32Array([5, 6, 7]),
      new Float64Array([5, 6, 7]),
      { data: [5, 6, 7], shape: [1, 3] },
    ];
    for (const inputIds of forms) {
      const p = prepareInputs({ inputIds }, config);
      expect(p.batch).toBe(1);
      expect(p.seqLen).toBe(3);
      expect(Array.from(p.inputIds)).toEqual([5, 6, 7]);
      expect(Array.from(p.attentionMask)).toEqual([1, 1, 1]);
      expect(Array.from(p.globalAttentionMask)).toEqual([0, 0, 0]);
      expect(Array.from(p.tokenTypeIds)).toEqual([0, 0, 0]);
    }
    const t = tf.tensor2d(
      [
        [1, 2],
        [3, 0],
      ],
      [2, 2],
      "int32",
    );
    const p = prepareInputs(
      {
        inputIds: t,
        attentionMask: tf.tensor2d([
          [1, 1],
          [1, 0],
        ]),
      },
      config,
    );
    t.dispose();
    expect([p.batch, p.seqLen]).toEqual([2, 2]);
    expect(Array.from(p.attentionMask)).toEqual([1, 1, 1, 0]);
  });

  const bad: Array<[string, LongformerInputs, string, string]> = [
    [
      "ragged rows",
      {
        inputIds: [
          [1, 2, 3],
          [1, 2],
        ],
      },
      "RAGGED_INPUT",
      "inputIds",
    ],
    ["a mask of another shape", { inputIds: [[1, 2]], attentionMask: [[1, 1, 1]] }, "SHAPE_MISMATCH", "attentionMask"],
    ["a mask value of 2", { inputIds: [[1, 2]], attentionMask: [[1, 2]] }, "INVALID_MASK_VALUE", "attentionMask"],
    [
      "a global mask value of -1",
      { inputIds: [[1, 2]], globalAttentionMask: [[0, -1]] },
      "INVALID_MASK_VALUE",
      "globalAttentionMask",
    ],
    ["an id beyond the vocabulary", { inputIds: [[1, 100]] }, "TOKEN_ID_OUT_OF_RANGE", "inputIds"],
    ["a negative id", { inputIds: [[-1, 2]] }, "TOKEN_ID_OUT_OF_RANGE", "inputIds"],
    ["a fractional id", { inputIds: [[1.5, 2]] }, "INVALID_VALUE", "inputIds"],
    [
      "a token type beyond type_vocab_size",
      { inputIds: [[1, 2]], tokenTypeIds: [[0, 2]] },
      "TOKEN_TYPE_OUT_OF_RANGE",
      "tokenTypeIds",
    ],
    ["an empty batch", { inputIds: [] }, "EMPTY_INPUT", "inputIds"],
    ["an empty row", { inputIds: [[]] }, "EMPTY_INPUT", "inputIds"],
    ["a data/shape disagreement", { inputIds: { data: [1, 2, 3], shape: [2, 2] } }, "SHAPE_MISMATCH", "inputIds"],
    ["a rank-3 shape", { inputIds: { data: [1, 2], shape: [1, 1, 2] } }, "INVALID_RANK", "inputIds"],
    [
      "ten real tokens with nine positions",
      { inputIds: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]] },
      "SEQUENCE_TOO_LONG",
      "inputIds",
    ],
  ];
  it.each(bad)("rejects %s", (_, inputs, code, input) => {
    const error = errorOf(inputs);
    expect(error.code).toBe(code);
    expect(error.input).toBe(input);
  });

  it("names the offending position and value", () => {
    expect(
      errorOf({
        inputIds: [
          [1, 2],
          [3, 100],
        ],
      }).message,
    ).toBe("inputIds[1][1] = 100 is outside the vocabulary [0, 100)");
    expect(errorOf({ inputIds: [[1, 2]], attentionMask: [[1, 0.5]] }).message).toMatch(
      /attentionMask\[0\]\[1\] = 0\.5/,
    );
  });

  it("counts only non-padding tokens against the position table (positions start at pad_token_id + 1)", () => {
    // nine real tokens fit exactly (positions 1..9), padding anywhere is free
    expect(() => prepareInputs({ inputIds: [[1, 2, 3, 0, 0, 4, 5, 6, 7, 8, 9, 0, 0]] }, config)).not.toThrow();
    expect(errorOf({ inputIds: [[1, 2, 3, 0, 0, 4, 5, 6, 7, 8, 9, 10]] }).message).toMatch(
      /row 0 has 10 non-padding tokens but this model allows at most 9: positions start at pad_token_id \+ 1 = 1/,
    );
    // RoBERTa-style pad id 1: positions start at 2, so the same table holds one token fewer
    const roberta = parseLongformerConfig({ ...config.raw, pad_token_id: 1 });
    expect(() => prepareInputs({ inputIds: [[0, 2, 3, 4, 5, 6, 7, 8]] }, roberta)).not.toThrow();
    expect(errorOf({ inputIds: [[0, 2, 3, 4, 5, 6, 7, 8, 9]] }, roberta).code).toBe("SEQUENCE_TOO_LONG");
  });
});
