import { TokenizerError } from "../errors.js";
import type { TokenizerFiles } from "./files.js";
import { asRecord, asString, type JsonRecord, tokenContent } from "./json.js";
import type { SpecialToken, SpecialTokens } from "./types.js";

/** Vocabulary look-ups the resolution needs from a backend. */
export interface VocabularyLookup {
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
}

type Role = "cls" | "sep" | "pad" | "mask" | "unk";

/** A token name and the file that named it (for error messages). */
interface NamedToken {
  token: string;
  from: string;
}

/** CLS and SEP as the tokenizer.json post-processor places them around a single sequence. */
function postProcessorTokens(processor: JsonRecord | undefined): { cls?: string; sep?: string } {
  if (!processor) return {};
  switch (processor.type) {
    case "BertProcessing":
    case "RobertaProcessing": {
      // serialized as `cls: [token, id]`, `sep: [token, id]`
      const cls = Array.isArray(processor.cls) ? asString(processor.cls[0]) : undefined;
      const sep = Array.isArray(processor.sep) ? asString(processor.sep[0]) : undefined;
      return { ...(cls ? { cls } : {}), ...(sep ? { sep } : {}) };
    }
    case "TemplateProcessing": {
      // single: [{SpecialToken: {id}}, {Sequence: {id: "A"}}, {SpecialToken: {id}}]: the special before
      // the sequence leads (CLS), the one after it closes (SEP).
      const single = Array.isArray(processor.single) ? processor.single : [];
      const specials = asRecord(processor.special_tokens) ?? {};
      const tokenOf = (id: string): string | undefined => {
        const tokens = asRecord(specials[id])?.tokens;
        return Array.isArray(tokens) ? asString(tokens[0]) : id;
      };
      let cls: string | undefined;
      let sep: string | undefined;
      let seenSequence = false;
      for (const piece of single) {
        const rec = asRecord(piece);
        if (rec?.Sequence) seenSequence = true;
        const id = asString(asRecord(rec?.SpecialToken)?.id);
        if (id === undefined) continue;
        if (!seenSequence && cls === undefined) cls = tokenOf(id);
        if (seenSequence && sep === undefined) sep = tokenOf(id);
      }
      return { ...(cls ? { cls } : {}), ...(sep ? { sep } : {}) };
    }
    case "Sequence": {
      const processors = Array.isArray(processor.processors) ? processor.processors : [];
      const found: { cls?: string; sep?: string } = {};
      for (const p of processors) {
        const inner = postProcessorTokens(asRecord(p));
        found.cls ??= inner.cls;
        found.sep ??= inner.sep;
      }
      return found;
    }
    default:
      return {};
  }
}

/** Every place a checkpoint can name a role's token, in the order HF itself gives them precedence. */
function candidateNames(
  role: Role,
  files: TokenizerFiles,
  lookup: VocabularyLookup,
  classDefault: string | undefined,
): NamedToken[] {
  const tokenizerConfig = asRecord(files.tokenizerConfig) ?? {};
  const specialTokensMap = asRecord(files.specialTokensMap) ?? {};
  const tokenizerJson = asRecord(files.tokenizerJson) ?? {};
  const config = asRecord(files.config) ?? {};
  const out: NamedToken[] = [];
  const push = (token: string | undefined, from: string) => {
    if (token !== undefined && token !== "") out.push({ token, from });
  };
  push(tokenContent(tokenizerConfig[`${role}_token`]), "tokenizer_config.json");
  push(tokenContent(specialTokensMap[`${role}_token`]), "special_tokens_map.json");
  const processor = postProcessorTokens(asRecord(tokenizerJson.post_processor));
  if (role === "cls") {
    push(processor.cls, "tokenizer.json post_processor");
    // RoBERTa-style checkpoints name only bos/eos; HF uses them as cls/sep.
    push(tokenContent(tokenizerConfig.bos_token) ?? tokenContent(specialTokensMap.bos_token), "bos_token");
  }
  if (role === "sep") {
    push(processor.sep, "tokenizer.json post_processor");
    push(tokenContent(tokenizerConfig.eos_token) ?? tokenContent(specialTokensMap.eos_token), "eos_token");
  }
  if (role === "pad") push(asString(asRecord(tokenizerJson.padding)?.pad_token), "tokenizer.json padding");
  if (role === "unk") push(asString(asRecord(tokenizerJson.model)?.unk_token), "tokenizer.json model");
  push(classDefault, "the tokenizer class default");
  if (role === "pad") {
    // last resort: the model's own pad id
    const padId = config.pad_token_id;
    if (typeof padId === "number") push(lookup.idToToken(padId), "config.json pad_token_id");
  }
  return out;
}

function resolveRole(
  role: Role,
  files: TokenizerFiles,
  lookup: VocabularyLookup,
  origin: string,
  fallbackName: string | undefined,
): SpecialToken | undefined {
  const names = candidateNames(role, files, lookup, fallbackName);
  const first = names[0];
  if (!first) return undefined;
  const id = lookup.tokenToId(first.token);
  if (id === undefined) {
    throw new TokenizerError(
      "SPECIAL_TOKEN_MISSING",
      `${origin}: the ${role} token "${first.token}" (named by ${first.from}) is not in the vocabulary`,
      { path: origin },
    );
  }
  return { token: first.token, id };
}

/** config.json's ids are what the HAT heads compare against: a disagreement would silently break global attention. */
function checkConfigIds(tokens: SpecialTokens, files: TokenizerFiles, origin: string): void {
  const config = asRecord(files.config) ?? {};
  const checks: Array<[string, SpecialToken]> = [
    ["pad_token_id", tokens.pad],
    ["cls_token_id", tokens.cls],
    ["sep_token_id", tokens.sep],
  ];
  for (const [key, token] of checks) {
    const id = config[key];
    if (typeof id === "number" && id !== token.id) {
      throw new TokenizerError(
        "SPECIAL_TOKEN_MISMATCH",
        `${origin}: config.json ${key} is ${id} but the tokenizer's "${token.token}" has id ${token.id}`,
        { path: origin },
      );
    }
  }
}

/**
 * Finds CLS, SEP, PAD (required) and MASK, UNK (optional) by name in the checkpoint files and
 * looks their ids up in the vocabulary. `classDefaults` are the names a tokenizer class assumes
 * when the files name nothing (only used for bare vocab.txt checkpoints, as HF does).
 */
export function resolveSpecialTokens(
  files: TokenizerFiles,
  lookup: VocabularyLookup,
  origin: string,
  classDefaults: Partial<Record<Role, string>> = {},
): SpecialTokens {
  const required = (role: "cls" | "sep" | "pad"): SpecialToken => {
    const found = resolveRole(role, files, lookup, origin, classDefaults[role]);
    if (!found) {
      throw new TokenizerError(
        "SPECIAL_TOKEN_MISSING",
        `${origin}: no ${role} token: tokenizer_config.json, special_tokens_map.json and tokenizer.json name none`,
        { path: origin },
      );
    }
    return found;
  };
  const tokens: SpecialTokens = {
    cls: required("cls"),
    sep: required("sep"),
    pad: required("pad"),
    mask: resolveRole("mask", files, lookup, origin, classDefaults.mask),
    unk: resolveRole("unk", files, lookup, origin, classDefaults.unk),
  };
  checkConfigIds(tokens, files, origin);
  return tokens;
}
