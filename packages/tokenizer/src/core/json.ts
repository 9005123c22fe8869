/** Narrowing helpers for parsed JSON (tokenizer.json, tokenizer_config.json, config.json). */

export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A non-negative integer, else undefined (JSON `null` included). */
export function asCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** A special-token entry is either the token string or an AddedToken object `{ content: "..." }`. */
export function tokenContent(value: unknown): string | undefined {
  return asString(value) ?? asString(asRecord(value)?.content);
}
