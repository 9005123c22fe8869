import type { JsonRecord } from "../core/json.js";
import { asRecord, asString } from "../core/json.js";

/** An entry of tokenizer.json's `added_tokens`. */
export interface AddedToken {
  id: number;
  content: string;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

export function readAddedTokens(tokenizerJson: JsonRecord): AddedToken[] {
  const list = Array.isArray(tokenizerJson.added_tokens) ? tokenizerJson.added_tokens : [];
  return list.flatMap((entry): AddedToken[] => {
    const rec = asRecord(entry);
    const content = asString(rec?.content);
    if (!rec || !content || typeof rec.id !== "number") return [];
    return [
      {
        id: rec.id,
        content,
        lstrip: rec.lstrip === true,
        rstrip: rec.rstrip === true,
        normalized: rec.normalized === true,
        special: rec.special === true,
      },
    ];
  });
}

/** A piece of text between added tokens, or one added token with the whitespace an `lstrip`/`rstrip` token absorbed. */
export type Section =
  | { kind: "text"; start: number; end: number }
  | { kind: "added"; token: AddedToken; start: number; end: number };

/** Rust's `char::is_whitespace` (Unicode White_Space): unlike JavaScript's `\s` it includes U+0085. */
const WHITESPACE = /\p{White_Space}/u;

/**
 * Splits `text` on the added tokens the way HF tokenizers' AddedVocabulary does: leftmost-longest
 * matches, `lstrip` / `rstrip` tokens absorb the whitespace beside them. Text sections may be empty.
 */
export function splitOnAddedTokens(text: string, tokens: readonly AddedToken[]): Section[] {
  if (tokens.length === 0) return [{ kind: "text", start: 0, end: text.length }];
  const sections: Section[] = [];
  let cursor = 0; // end of the previous match
  let i = 0;
  while (i < text.length) {
    let best: AddedToken | undefined;
    for (const token of tokens) {
      if ((best === undefined || token.content.length > best.content.length) && text.startsWith(token.content, i))
        best = token;
    }
    if (!best) {
      i++;
      continue;
    }
    let start = i;
    let end = i + best.content.length;
    if (best.lstrip) while (start > cursor && WHITESPACE.test(text[start - 1] as string)) start--;
    if (best.rstrip) while (end < text.length && WHITESPACE.test(text[end] as string)) end++;
    sections.push({ kind: "text", start: cursor, end: start });
    sections.push({ kind: "added", token: best, start, end });
    cursor = end;
    i = end;
  }
  sections.push({ kind: "text", start: cursor, end: text.length });
  return sections;
}
