import { readFileSync } from "node:fs";
import { join } from "node:path";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { parseLongformerConfig } from "./parse-config.js";

function fixtureConfig(model: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(longformerFixturesDir(), "models", model, "config.json"), "utf8"));
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseLongformerConfig", () => {
  it("reads the mini-mlm config into camelCase, keeping the HAT keys", () => {
    const c = parseLongformerConfig(fixtureConfig("mini-mlm"));
    expect(c).toMatchObject({
      modelType: "longformer",
      vocabSize: 30522,
      hiddenSize: 256,
      numHiddenLayers: 6,
      numAttentionHeads: 4,
      intermediateSize: 1024,
      hiddenAct: "gelu",
      maxPositionEmbeddings: 1026,
      typeVocabSize: 2,
      layerNormEps: 1e-5,
      padTokenId: 0,
      clsTokenId: 101,
      sepTokenId: 102,
      attentionWindow: [128, 128, 128, 128, 128, 128],
      maxSentenceLength: 128,
      maxSentences: 8,
      modelMaxLength: 1024,
      architectures: ["LongformerForMaskedLM"],
      numLabels: 2,
      id2label: { 0: "LABEL_0", 1: "LABEL_1" },
      label2id: { LABEL_0: 0, LABEL_1: 1 },
    });
    // HAT's conversion writes null bos/eos ids: they stay absent instead of taking HF's defaults.
    expect(c.bosTokenId).toBeUndefined();
    expect(c.eosTokenId).toBeUndefined();
    expect(c.classifierDropout).toBeUndefined();
    expect(c.raw.transformers_version).toBe("4.57.6");
  });

  it("keeps per-layer windows and the tiny models' eps; labels from id2label", () => {
    const tiny = parseLongformerConfig(fixtureConfig("tiny-mlm"));
    expect(tiny.attentionWindow).toEqual([4, 8]);
    expect(tiny.layerNormEps).toBe(1e-12);
    const seqcls = parseLongformerConfig(fixtureConfig("tiny-seqcls"));
    expect(seqcls.numLabels).toBe(3);
    expect(seqcls.id2label[2]).toBe("LABEL_2");
  });

  it("applies HF's defaults for omitted keys and expands an int window to every layer", () => {
    const c = parseLongformerConfig({ model_type: "longformer", num_hidden_layers: 3, attention_window: 64 });
    expect(c).toMatchObject({
      vocabSize: 30522,
      hiddenSize: 768,
      numAttentionHeads: 12,
      intermediateSize: 3072,
      maxPositionEmbeddings: 512,
      layerNormEps: 1e-12,
      padTokenId: 1,
      bosTokenId: 0,
      eosTokenId: 2,
      sepTokenId: 2,
      attentionWindow: [64, 64, 64],
      numLabels: 2,
      architectures: [],
    });
    expect(c.clsTokenId).toBeUndefined();
    expect(parseLongformerConfig({ model_type: "longformer" }).attentionWindow).toEqual(new Array(12).fill(512));
  });

  it("builds labels from num_labels when id2label is absent", () => {
    const c = parseLongformerConfig({ model_type: "longformer", num_labels: 3 });
    expect(c.id2label).toEqual({ 0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2" });
    expect(c.numLabels).toBe(3);
  });

  const base = { model_type: "longformer", num_hidden_layers: 2, hidden_size: 32, num_attention_heads: 4 };
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ["an odd window", { ...base, attention_window: [4, 7] }, "attention_window[1]", "INVALID_CONFIG_VALUE"],
    ["a zero window", { ...base, attention_window: 0 }, "attention_window[0]", "INVALID_CONFIG_VALUE"],
    ["one window for two layers", { ...base, attention_window: [4] }, "attention_window", "INVALID_CONFIG_VALUE"],
    ["a window string", { ...base, attention_window: "4" }, "attention_window", "INVALID_CONFIG_VALUE"],
    ["a fractional window", { ...base, attention_window: [4, 7.5] }, "attention_window[1]", "INVALID_CONFIG_VALUE"],
    // the cases: a 4-token forward grew to 24 GB ([2 ** 31, 8]) or took 96 s ([65536, 8])
    ["a 2^31 window", { ...base, attention_window: [2 ** 31, 8] }, "attention_window[0]", "INVALID_CONFIG_VALUE"],
    ["a 65536 window", { ...base, attention_window: [65536, 8] }, "attention_window[0]", "INVALID_CONFIG_VALUE"],
    [
      "a window wider than the position table",
      { ...base, max_position_embeddings: 130, attention_window: [128, 132] },
      "attention_window[1]",
      "INVALID_CONFIG_VALUE",
    ],
    [
      "a window above the absolute maximum with a huge position table",
      { ...base, max_position_embeddings: 40_000, attention_window: [16_386, 8] },
      "attention_window[0]",
      "INVALID_CONFIG_VALUE",
    ],
    ["heads not dividing hidden", { ...base, num_attention_heads: 5 }, "num_attention_heads", "INVALID_CONFIG_VALUE"],
    ["an unknown activation", { ...base, hidden_act: "swiglu" }, "hidden_act", "UNSUPPORTED_ACTIVATION"],
    ["a negative size", { ...base, intermediate_size: -1 }, "intermediate_size", "INVALID_CONFIG_VALUE"],
    ["a fractional size", { ...base, hidden_size: 32.5 }, "hidden_size", "INVALID_CONFIG_VALUE"],
    ["a string size", { ...base, vocab_size: "30522" }, "vocab_size", "INVALID_CONFIG_VALUE"],
    ["pad id outside the vocab", { ...base, vocab_size: 10, pad_token_id: 10 }, "pad_token_id", "INVALID_CONFIG_VALUE"],
    [
      "no room for positions",
      { ...base, pad_token_id: 1, max_position_embeddings: 2 },
      "max_position_embeddings",
      "INVALID_CONFIG_VALUE",
    ],
    ["zero eps", { ...base, layer_norm_eps: 0 }, "layer_norm_eps", "INVALID_CONFIG_VALUE"],
    [
      "relative positions",
      { ...base, position_embedding_type: "relative_key" },
      "position_embedding_type",
      "INVALID_CONFIG_VALUE",
    ],
    ["a BERT config", { ...base, model_type: "bert" }, "model_type", "NOT_LONGFORMER"],
    ["no model type and no window", { hidden_size: 32 }, "model_type", "NOT_LONGFORMER"],
    ["a bad id2label key", { ...base, id2label: { x: "A" } }, "id2label.x", "INVALID_CONFIG_VALUE"],
    [
      "num_labels disagreeing with id2label",
      { ...base, num_labels: 3, id2label: { 0: "A" } },
      "num_labels",
      "INVALID_CONFIG_VALUE",
    ],
    ["a negative special id", { ...base, sep_token_id: -2 }, "sep_token_id", "INVALID_CONFIG_VALUE"],
  ];
  it.each(cases)("rejects %s, naming the field", (_, json, field, code) => {
    const error = errorOf(() => parseLongformerConfig(json));
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`"${field}"`);
  });

  it("names the layer and the bound of a window that is too wide, and accepts the bound itself", () => {
    const error = errorOf(() =>
      parseLongformerConfig({ ...base, max_position_embeddings: 130, attention_window: [128, 132] }),
    );
    expect(error.message).toContain("layer 1");
    expect(error.message).toContain("max_position_embeddings (130)");
    expect(
      parseLongformerConfig({ ...base, max_position_embeddings: 130, attention_window: [130, 2] }).attentionWindow,
    ).toEqual([130, 2]);
    // HF's own defaults (window 512, 512 positions) stay valid
    expect(parseLongformerConfig({ model_type: "longformer" }).attentionWindow[0]).toBe(512);
    const huge = errorOf(() =>
      parseLongformerConfig({ ...base, max_position_embeddings: 40_000, attention_window: [16_386, 8] }),
    );
    expect(huge.message).toContain("at most 16384");
  });

  it("rejects non-objects", () => {
    expect(errorOf(() => parseLongformerConfig([1])).code).toBe("INVALID_CONFIG");
    expect(errorOf(() => parseLongformerConfig(null)).code).toBe("INVALID_CONFIG");
  });

  it("accepts a hand-written config without model_type when it has attention_window", () => {
    expect(parseLongformerConfig({ attention_window: 8, num_hidden_layers: 1 }).attentionWindow).toEqual([8]);
  });
});
