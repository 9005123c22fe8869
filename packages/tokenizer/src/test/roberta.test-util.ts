/**
 * A small RoBERTa-style checkpoint built for the tests: byte-level BPE, `<s>` `<pad>` `</s>`
 * `<unk>` `<mask>` at ids 0-4 (pad id 1, as in allenai/longformer-*), RobertaProcessing.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./temp-dir.test-util.js";

/** GPT-2's byte -> printable character table (the alphabet of byte-level BPE). */
function byteAlphabet(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const chars = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    chars[b] = printable.includes(b) ? String.fromCharCode(b) : String.fromCharCode(256 + extra++);
  }
  return chars;
}

const SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"];
/** Merges in rank order; each merged pair becomes a vocabulary entry. */
const MERGES: Array<[string, string]> = [
  ["Ġ", "t"],
  ["h", "e"],
  ["Ġt", "he"],
  ["Ġ", "c"],
  ["a", "t"],
  ["Ġc", "at"],
  ["Ġ", "s"],
  ["Ġs", "at"],
  ["o", "n"],
  ["Ġ", "on"],
  ["Ġ", "m"],
  ["Ġm", "at"],
  ["e", "n"],
  ["Ġ", "en"],
  ["Ġen", "d"],
  ["Ã", "©"],
  ["c", "af"],
  ["a", "f"],
];

/** `addPrefixSpace` switches on ByteLevel's prefix space (pre-tokenizer and post-processor), as some RoBERTa exports do. */
export function robertaTokenizerJson(options: { addPrefixSpace?: boolean } = {}): Record<string, unknown> {
  const addPrefixSpace = options.addPrefixSpace ?? false;
  const vocab: Record<string, number> = {};
  for (const token of [...SPECIALS, ...byteAlphabet(), ...MERGES.map(([a, b]) => a + b)]) {
    if (!(token in vocab)) vocab[token] = Object.keys(vocab).length;
  }
  const added = SPECIALS.map((content, id) => ({
    id,
    content,
    single_word: false,
    lstrip: content === "<mask>",
    rstrip: false,
    normalized: content !== "<mask>",
    special: true,
  }));
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: addPrefixSpace, trim_offsets: true, use_regex: true },
    post_processor: {
      type: "RobertaProcessing",
      sep: ["</s>", 2],
      cls: ["<s>", 0],
      trim_offsets: true,
      add_prefix_space: addPrefixSpace,
    },
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: "",
      end_of_word_suffix: "",
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: MERGES.map(([a, b]) => `${a} ${b}`),
    },
  };
}

export const ROBERTA_TOKENIZER_CONFIG = {
  bos_token: "<s>",
  eos_token: "</s>",
  cls_token: "<s>",
  sep_token: "</s>",
  pad_token: "<pad>",
  unk_token: "<unk>",
  mask_token: { content: "<mask>", lstrip: true, normalized: false, __type: "AddedToken" },
  model_max_length: 4096,
};

export const ROBERTA_CONFIG = {
  model_type: "longformer",
  pad_token_id: 1,
  bos_token_id: 0,
  eos_token_id: 2,
  max_sentence_length: 8,
};

/** Writes the checkpoint to a fresh temp directory; `withTokenizerConfig: false` leaves only tokenizer.json + config.json. */
export function writeRobertaCheckpoint(
  options: { withTokenizerConfig?: boolean; addPrefixSpace?: boolean } = {},
): string {
  const dir = tempDir("roberta");
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(robertaTokenizerJson(options)));
  writeFileSync(join(dir, "config.json"), JSON.stringify(ROBERTA_CONFIG));
  if (options.withTokenizerConfig ?? true) {
    writeFileSync(join(dir, "tokenizer_config.json"), JSON.stringify(ROBERTA_TOKENIZER_CONFIG));
  }
  return dir;
}
