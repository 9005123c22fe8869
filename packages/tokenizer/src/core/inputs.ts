import { TokenizerError } from "../errors.js";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}

/** Throws INVALID_TEXT unless `value` is a string; `what` names the argument in the message. */
export function checkText(value: unknown, what: string): string {
  if (typeof value !== "string")
    throw new TokenizerError("INVALID_TEXT", `${what} must be a string, got ${describe(value)}`);
  return value;
}

/** A document is a string or an array of sentence strings. */
export function checkDocument(value: unknown, what: string): string | string[] {
  if (Array.isArray(value)) return value.map((s, i) => checkText(s, `${what}[${i}]`));
  return checkText(value, `${what} (a string or an array of sentence strings)`);
}

export function checkArray<T>(value: unknown, what: string): T[] {
  if (!Array.isArray(value))
    throw new TokenizerError("INVALID_TEXT", `${what} must be an array, got ${describe(value)}`);
  return value as T[];
}
