import type { LongformerConfig } from "@longformer-ts/encoder";
import { HeadsError } from "../errors.js";

/**
 * HAT's block size (`max_sentence_length`): the sentencizer reads every block's first token and the `'last'`
 * pooling reads position `-max_sentence_length`. An explicit option wins over the config.
 */
export function requireBlockSize(config: LongformerConfig, head: string, override?: number): number {
  const value = override ?? config.maxSentenceLength;
  if (value === undefined) {
    throw new HeadsError(
      "MISSING_CONFIG_FIELD",
      `${head} needs the HAT block size: config.json has no "max_sentence_length" and no maxSentenceLength option was given`,
    );
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new HeadsError("INVALID_OPTION", `maxSentenceLength must be a positive integer, got ${value}`);
  }
  return value;
}
