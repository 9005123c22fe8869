import { DEFAULT_SENTENCE_LOCALE } from "../core/defaults.js";
import { asRecord } from "../core/json.js";
import type { Grouping, LayoutDefaults, Padding } from "../core/types.js";
import { TokenizerError } from "../errors.js";

const GROUPINGS: readonly Grouping[] = ["uniform", "sentences"];
const PADDINGS: readonly Padding[] = ["blocks", "maxLength", "none"];

export interface ResolvedDocumentOptions {
  grouping: Grouping;
  blockSize: number;
  limit: number | null;
  padding: Padding;
  locale: string;
}

function optionsRecord(options: unknown, what: string): Record<string, unknown> {
  if (options === undefined) return {};
  const rec = asRecord(options);
  if (!rec) throw new TokenizerError("INVALID_OPTION", `${what} options must be an object, got ${typeof options}`);
  return rec;
}

function integerOption(
  rec: Record<string, unknown>,
  key: string,
  min: number,
  allowInfinity = false,
): number | undefined {
  const value = rec[key];
  if (value === undefined) return undefined;
  const ok =
    typeof value === "number" &&
    ((Number.isInteger(value) && value >= min) || (allowInfinity && value === Number.POSITIVE_INFINITY));
  if (!ok) {
    throw new TokenizerError(
      "INVALID_OPTION",
      `${key} must be an integer >= ${min}${allowInfinity ? " or Infinity" : ""}, got ${String(value)}`,
    );
  }
  return value;
}

function choiceOption<T extends string>(
  rec: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = rec[key];
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new TokenizerError(
      "INVALID_OPTION",
      `${key} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

function localeOption(rec: Record<string, unknown>): string {
  const value = rec.locale;
  if (value === undefined) return DEFAULT_SENTENCE_LOCALE;
  if (typeof value !== "string")
    throw new TokenizerError("INVALID_OPTION", `locale must be a string, got ${typeof value}`);
  // Checked here: Intl.Segmenter would otherwise throw a bare RangeError from deep inside the layout.
  try {
    Intl.getCanonicalLocales(value);
  } catch (cause) {
    throw new TokenizerError(
      "INVALID_OPTION",
      `locale ${JSON.stringify(value)} is not a valid BCP 47 language tag (e.g. "en", "de-CH")`,
      { cause },
    );
  }
  return value;
}

/** Block size: the option, else the checkpoint's `max_sentence_length`. A block needs its leader and one piece. */
export function resolveBlockSize(rec: Record<string, unknown>, defaults: LayoutDefaults): number {
  return integerOption(rec, "maxSentenceLength", 2) ?? defaults.maxSentenceLength;
}

/** Validates `encodeDocument` options and fills in the checkpoint defaults. */
export function resolveDocumentOptions(options: unknown, defaults: LayoutDefaults): ResolvedDocumentOptions {
  const rec = optionsRecord(options, "encodeDocument");
  const blockSize = resolveBlockSize(rec, defaults);
  const maxLength = integerOption(rec, "maxLength", 1, true) ?? defaults.modelMaxLength ?? Number.POSITIVE_INFINITY;
  const maxSentences = integerOption(rec, "maxSentences", 1) ?? defaults.maxSentences;
  const limitValue = Math.min(
    maxLength,
    maxSentences === undefined ? Number.POSITIVE_INFINITY : maxSentences * blockSize,
  );
  const limit = Number.isFinite(limitValue) ? limitValue : null;
  if (limit !== null && limit < 2) {
    throw new TokenizerError(
      "OPTIONS_CANNOT_FIT",
      `a length limit of ${limit} leaves no room for a block leader and one word piece (maxLength ${maxLength}, maxSentences ${maxSentences ?? "none"})`,
    );
  }
  const padding = choiceOption(rec, "padding", PADDINGS, "blocks");
  if (padding === "maxLength" && limit === null) {
    throw new TokenizerError(
      "INVALID_OPTION",
      'padding "maxLength" needs maxLength or maxSentences (the checkpoint gives neither)',
    );
  }
  return {
    grouping: choiceOption(rec, "grouping", GROUPINGS, "uniform"),
    blockSize,
    limit,
    padding,
    locale: localeOption(rec),
  };
}

export interface ResolvedMultipleChoiceOptions {
  grouping: Grouping;
  blockSize: number;
  maxLength: number;
  locale: string;
}

/** Validates `encodeMultipleChoice` options: the article needs at least one block before the question and option blocks. */
export function resolveMultipleChoiceOptions(
  options: unknown,
  defaults: LayoutDefaults,
): ResolvedMultipleChoiceOptions {
  const rec = optionsRecord(options, "encodeMultipleChoice");
  const blockSize = resolveBlockSize(rec, defaults);
  const maxLength = integerOption(rec, "maxLength", 1) ?? defaults.modelMaxLength;
  if (maxLength === undefined) {
    throw new TokenizerError(
      "INVALID_OPTION",
      "encodeMultipleChoice needs maxLength (the checkpoint has no model_max_length)",
    );
  }
  if (maxLength % blockSize !== 0) {
    throw new TokenizerError(
      "OPTIONS_CANNOT_FIT",
      `maxLength ${maxLength} is not a multiple of the block size ${blockSize}: the question and option blocks would not start on block boundaries`,
    );
  }
  if (maxLength < 3 * blockSize) {
    throw new TokenizerError(
      "OPTIONS_CANNOT_FIT",
      `maxLength ${maxLength} cannot hold an article block, a question block and an option block of ${blockSize} tokens each`,
    );
  }
  return {
    grouping: choiceOption(rec, "grouping", GROUPINGS, "uniform"),
    blockSize,
    maxLength,
    locale: localeOption(rec),
  };
}
