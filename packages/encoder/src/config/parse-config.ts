import { ConfigError, type ConfigErrorCode } from "../errors.js";
import { isKnownActivation, knownActivations } from "../modules/activation.js";
import { LONGFORMER_CONFIG_DEFAULTS as D } from "./defaults.js";
import type { LongformerConfig } from "./longformer-config.js";

type Json = Record<string, unknown>;

function describe(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

function fail(field: string, problem: string, value: unknown, code: ConfigErrorCode = "INVALID_CONFIG_VALUE"): never {
  throw new ConfigError(code, `config.json: "${field}" ${problem} (got ${describe(value)})`, field);
}

/** A key that is absent or explicitly null takes the default; HF treats both alike for these keys. */
function positiveInt(json: Json, field: string, fallback: number): number {
  const v = json[field] ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) fail(field, "must be a positive integer", v);
  return v;
}

function nonNegativeInt(json: Json, field: string, fallback: number): number {
  const v = json[field] ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) fail(field, "must be a non-negative integer", v);
  return v;
}

/** HF writes `null` for special ids a tokenizer does not have (HAT leaves bos/eos null): keep that as undefined. */
function optionalTokenId(json: Json, field: string, fallback: number | undefined): number | undefined {
  const v = field in json ? json[field] : fallback;
  if (v === null || v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) fail(field, "must be a non-negative integer or null", v);
  return v;
}

function optionalPositiveInt(json: Json, field: string): number | undefined {
  const v = json[field];
  if (v === null || v === undefined) return undefined;
  return positiveInt(json, field, 0);
}

function probability(json: Json, field: string, fallback: number): number {
  const v = json[field] ?? fallback;
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) fail(field, "must be a number in [0, 1]", v);
  return v;
}

function finitePositive(json: Json, field: string, fallback: number): number {
  const v = json[field] ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) fail(field, "must be a positive finite number", v);
  return v;
}

/**
 * Largest two-sided window accepted whatever `max_position_embeddings` says. HF pads every input to a
 * multiple of the largest window and keeps `(L, w + 1)` scores per head, so a window of 16384 already means
 * a 16384-token forward and ~1 GB of scores per head even for a 4-token input (published Longformers use
 * 128 to 1024); `[2 ** 31, 8]` would ask for 24 GB and `[65536, 8]` takes minutes.
 */
export const MAX_ATTENTION_WINDOW = 16_384;

/**
 * HF accepts one int for all layers or one int per layer; each window must be even and positive (HF's
 * `LongformerSelfAttention` asserts both). HF sets no upper bound, but a window wider than the position table
 * only adds padding (every sequence the model can take already fits in it), so `max_position_embeddings`
 * bounds it here, and {@link MAX_ATTENTION_WINDOW} on top.
 */
function attentionWindows(json: Json, numLayers: number, maxPositionEmbeddings: number): number[] {
  const field = "attention_window";
  const v = json[field] ?? D.attention_window;
  const list = typeof v === "number" ? new Array<number>(numLayers).fill(v) : v;
  if (!Array.isArray(list)) fail(field, "must be an even positive integer or a list of them", v);
  if (list.length !== numLayers) {
    fail(field, `must have one entry per layer (num_hidden_layers = ${numLayers}), has ${list.length}`, v);
  }
  const limit = Math.min(maxPositionEmbeddings, MAX_ATTENTION_WINDOW);
  const limitReason =
    limit === MAX_ATTENTION_WINDOW
      ? `at most ${MAX_ATTENTION_WINDOW} (beyond that every forward pads to that many tokens)`
      : `at most max_position_embeddings (${maxPositionEmbeddings}): a wider window only adds padding`;
  list.forEach((w: unknown, layer) => {
    const at = `${field}[${layer}]`;
    if (typeof w !== "number" || !Number.isInteger(w) || w <= 0 || w % 2 !== 0) {
      fail(at, `(layer ${layer}) must be an even positive integer (the two-sided window)`, w);
    }
    if (w > limit) fail(at, `(layer ${layer}) must be ${limitReason}`, w);
  });
  return list as number[];
}

function labels(json: Json): { id2label: Record<number, string>; label2id: Record<string, number> } {
  const id2label: Record<number, string> = {};
  const raw = json.id2label;
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== "object" || Array.isArray(raw)) fail("id2label", "must be an object", raw);
    for (const [key, name] of Object.entries(raw as Json)) {
      const id = Number(key);
      if (!Number.isInteger(id) || id < 0) fail(`id2label.${key}`, "must have a non-negative integer key", key);
      if (typeof name !== "string") fail(`id2label.${key}`, "must be a string", name);
      id2label[id] = name;
    }
  } else {
    const n = json.num_labels ?? D.num_labels;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) fail("num_labels", "must be a non-negative integer", n);
    for (let i = 0; i < n; i++) id2label[i] = `LABEL_${i}`;
  }
  const numLabels = Object.keys(id2label).length;
  if (typeof json.num_labels === "number" && raw && json.num_labels !== numLabels) {
    fail("num_labels", `disagrees with id2label, which has ${numLabels} entries`, json.num_labels);
  }
  const label2id: Record<string, number> = {};
  const rawLabel2id = json.label2id;
  if (rawLabel2id !== undefined && rawLabel2id !== null) {
    if (typeof rawLabel2id !== "object" || Array.isArray(rawLabel2id))
      fail("label2id", "must be an object", rawLabel2id);
    for (const [name, id] of Object.entries(rawLabel2id as Json)) {
      if (typeof id !== "number" || !Number.isInteger(id)) fail(`label2id.${name}`, "must be an integer", id);
      label2id[name] = id;
    }
  } else {
    for (const [id, name] of Object.entries(id2label)) label2id[name] = Number(id);
  }
  return { id2label, label2id };
}

function checkModelType(json: Json): void {
  const type = json.model_type;
  if (type === "longformer") return;
  if (type === undefined && "attention_window" in json) return; // hand-written configs may omit it
  throw new ConfigError(
    "NOT_LONGFORMER",
    `config.json: "model_type" must be "longformer" (got ${describe(type)})` +
      (type === undefined ? " and there is no attention_window key either" : "") +
      "; this package runs Longformer checkpoints only",
    "model_type",
  );
}

/**
 * Parses and validates an HF Longformer `config.json`. Keys HF omits when they equal its defaults take
 * HF's defaults; HAT keys are kept; unknown keys stay in `raw`. Throws `ConfigError` naming the field.
 */
export function parseLongformerConfig(json: unknown): LongformerConfig {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ConfigError("INVALID_CONFIG", `config.json must be a JSON object (got ${describe(json)})`);
  }
  const c = json as Json;
  checkModelType(c);
  const numHiddenLayers = positiveInt(c, "num_hidden_layers", D.num_hidden_layers);
  const hiddenSize = positiveInt(c, "hidden_size", D.hidden_size);
  const numAttentionHeads = positiveInt(c, "num_attention_heads", D.num_attention_heads);
  if (hiddenSize % numAttentionHeads !== 0) {
    fail("num_attention_heads", `must divide hidden_size (${hiddenSize})`, numAttentionHeads);
  }
  const vocabSize = positiveInt(c, "vocab_size", D.vocab_size);
  const maxPositionEmbeddings = positiveInt(c, "max_position_embeddings", D.max_position_embeddings);
  const padTokenId = nonNegativeInt(c, "pad_token_id", D.pad_token_id);
  if (padTokenId >= vocabSize) fail("pad_token_id", `must be below vocab_size (${vocabSize})`, padTokenId);
  // Padding tokens take position pad_token_id and real tokens start at pad_token_id + 1.
  if (padTokenId + 1 >= maxPositionEmbeddings) {
    fail(
      "max_position_embeddings",
      `leaves no position for a real token (pad_token_id = ${padTokenId})`,
      maxPositionEmbeddings,
    );
  }
  const hiddenAct = c.hidden_act ?? D.hidden_act;
  if (typeof hiddenAct !== "string" || !isKnownActivation(hiddenAct)) {
    fail("hidden_act", `must be one of ${knownActivations().join(", ")}`, hiddenAct, "UNSUPPORTED_ACTIVATION");
  }
  const positionType = c.position_embedding_type;
  if (positionType !== undefined && positionType !== null && positionType !== "absolute") {
    fail("position_embedding_type", 'must be "absolute" (the only kind HF Longformer has)', positionType);
  }
  const architectures = c.architectures ?? [];
  if (!Array.isArray(architectures) || architectures.some((a) => typeof a !== "string")) {
    fail("architectures", "must be a list of strings", architectures);
  }
  const problemType = c.problem_type;
  if (problemType !== undefined && problemType !== null && typeof problemType !== "string") {
    fail("problem_type", "must be a string or null", problemType);
  }
  const classifierDropout = c.classifier_dropout;
  if (classifierDropout !== undefined && classifierDropout !== null) probability(c, "classifier_dropout", 0);
  const onnxExport = c.onnx_export ?? D.onnx_export;
  if (typeof onnxExport !== "boolean") fail("onnx_export", "must be a boolean", onnxExport);
  const { id2label, label2id } = labels(c);

  const config: LongformerConfig = {
    modelType: "longformer",
    vocabSize,
    hiddenSize,
    numHiddenLayers,
    numAttentionHeads,
    intermediateSize: positiveInt(c, "intermediate_size", D.intermediate_size),
    hiddenAct,
    hiddenDropoutProb: probability(c, "hidden_dropout_prob", D.hidden_dropout_prob),
    attentionProbsDropoutProb: probability(c, "attention_probs_dropout_prob", D.attention_probs_dropout_prob),
    maxPositionEmbeddings,
    typeVocabSize: positiveInt(c, "type_vocab_size", D.type_vocab_size),
    initializerRange: finitePositive(c, "initializer_range", D.initializer_range),
    layerNormEps: finitePositive(c, "layer_norm_eps", D.layer_norm_eps),
    padTokenId,
    attentionWindow: attentionWindows(c, numHiddenLayers, maxPositionEmbeddings),
    architectures: architectures as string[],
    id2label,
    label2id,
    numLabels: Object.keys(id2label).length,
    onnxExport,
    bosTokenId: optionalTokenId(c, "bos_token_id", D.bos_token_id),
    eosTokenId: optionalTokenId(c, "eos_token_id", D.eos_token_id),
    sepTokenId: optionalTokenId(c, "sep_token_id", D.sep_token_id),
    clsTokenId: optionalTokenId(c, "cls_token_id", undefined),
    maxSentenceLength: optionalPositiveInt(c, "max_sentence_length"),
    maxSentences: optionalPositiveInt(c, "max_sentences"),
    modelMaxLength: optionalPositiveInt(c, "model_max_length"),
    problemType: typeof problemType === "string" ? problemType : undefined,
    classifierDropout: typeof classifierDropout === "number" ? classifierDropout : undefined,
    raw: c,
  };
  return config;
}
