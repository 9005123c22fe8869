import { asRecord, asString, type JsonRecord } from "../core/json.js";
import { TokenizerError } from "../errors.js";

/** Normalizers that act character by character (so per-character alignment is exact). */
const CHARWISE_NORMALIZERS = new Set(["BertNormalizer", "Lowercase", "NFD", "NFKD", "StripAccents"]);
/** Pre-tokenizers that only split and drop characters (so every word is a substring of the text). */
const SPLITTING_PRE_TOKENIZERS = new Set([
  "BertPreTokenizer",
  "Whitespace",
  "WhitespaceSplit",
  "Punctuation",
  "Digits",
]);

/** How the browser backend recovers offsets for a tokenizer.json. */
export interface ComponentPlan {
  model: "WordPiece" | "ByteLevelBPE";
  /** BertNormalizer with `handle_chinese_chars` somewhere in the normalizer. */
  chineseChars: boolean;
  /** ByteLevel pre-tokenizer `add_prefix_space`. */
  addPrefixSpace: boolean;
  /** The post-processor trims spaces (`Ġ`) off byte-level offsets, and whether it added a prefix space. */
  trimOffsets: { enabled: boolean; addPrefixSpace: boolean };
}

function types(component: JsonRecord | undefined, listKey: string): string[] {
  if (!component) return [];
  const type = asString(component.type) ?? "?";
  if (type !== "Sequence") return [type];
  const inner = Array.isArray(component[listKey]) ? (component[listKey] as unknown[]) : [];
  return inner.flatMap((c) => types(asRecord(c), listKey));
}

function findAll(component: JsonRecord | undefined, listKey: string, type: string): JsonRecord[] {
  if (!component) return [];
  if (component.type === type) return [component];
  const inner = Array.isArray(component[listKey]) ? (component[listKey] as unknown[]) : [];
  return inner.flatMap((c) => findAll(asRecord(c), listKey, type));
}

/**
 * Checks that the backend can reproduce Rust's offsets for this tokenizer.json, i.e. the families
 * Longformer checkpoints use: BERT WordPiece and RoBERTa byte-level BPE.
 */
export function planComponents(tokenizerJson: JsonRecord, origin: string): ComponentPlan {
  const fail = (what: string): never => {
    throw new TokenizerError(
      "UNSUPPORTED_TOKENIZER",
      `${origin}: the browser tokenizer cannot align offsets for ${what} (supported: WordPiece with BERT-style normalizers/pre-tokenizers, byte-level BPE)`,
      { path: origin },
    );
  };
  const normalizer = asRecord(tokenizerJson.normalizer);
  for (const type of types(normalizer, "normalizers")) if (!CHARWISE_NORMALIZERS.has(type)) fail(`normalizer ${type}`);
  const preTokenizer = asRecord(tokenizerJson.pre_tokenizer);
  const preTypes = types(preTokenizer, "pretokenizers");
  const byteLevel = preTypes.includes("ByteLevel");
  if (byteLevel && preTypes.length > 1) fail(`pre-tokenizer Sequence [${preTypes.join(", ")}]`);
  for (const type of preTypes)
    if (type !== "ByteLevel" && !SPLITTING_PRE_TOKENIZERS.has(type)) fail(`pre-tokenizer ${type}`);
  const modelType =
    asString(asRecord(tokenizerJson.model)?.type) ?? (asRecord(tokenizerJson.model)?.merges ? "BPE" : "WordPiece");
  if (modelType === "BPE" && !byteLevel) fail("a BPE model without the ByteLevel pre-tokenizer");
  if (modelType !== "BPE" && modelType !== "WordPiece") fail(`model ${modelType}`);
  if (modelType === "WordPiece" && byteLevel) fail("a WordPiece model with the ByteLevel pre-tokenizer");

  const bert = findAll(normalizer, "normalizers", "BertNormalizer");
  const processor = asRecord(tokenizerJson.post_processor);
  const trimmers = [
    ...findAll(processor, "processors", "RobertaProcessing"),
    ...findAll(processor, "processors", "ByteLevel"),
  ].filter((p) => p.trim_offsets === true);
  return {
    model: modelType === "BPE" ? "ByteLevelBPE" : "WordPiece",
    chineseChars: bert.some((b) => b.handle_chinese_chars !== false),
    addPrefixSpace: byteLevel && preTokenizer?.add_prefix_space === true,
    trimOffsets: { enabled: trimmers.length > 0, addPrefixSpace: trimmers.some((p) => p.add_prefix_space === true) },
  };
}
