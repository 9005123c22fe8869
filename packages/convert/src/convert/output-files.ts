import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { TOKENIZER_FILES } from "../tokenizer-files.js";

/** The `format` field of every model.json this package writes: what marks a directory as our output. */
export const OUTPUT_FORMAT = "longformer-ts-weights";

const COPIED = new Set<string>(["config.json", ...TOKENIZER_FILES]);
const SHARD = /^group1-shard\d+of\d+\.bin$/;

/** True for a file name a conversion writes (model.json, shards, the copied config and tokenizer files). */
export function isOutputFileName(name: string): boolean {
  return name === "model.json" || SHARD.test(name) || COPIED.has(name);
}

/**
 * Why `dir` is not (only) a previous conversion output, or undefined when it is one: a directory whose
 * model.json says `format: "longformer-ts-weights"` and which holds nothing but the files a conversion
 * writes. `--force` replaces only such a directory, so it can never delete a checkpoint, notes or a
 * working directory that happens to be named as the output.
 */
export function notAnOutputReason(dir: string): string | undefined {
  if (!statSync(dir).isDirectory()) return "it is not a directory";
  const modelJson = join(dir, "model.json");
  if (!existsSync(modelJson)) return "it has no model.json written by longformer-convert";
  let format: unknown;
  try {
    format = (JSON.parse(readFileSync(modelJson, "utf8")) as { format?: unknown }).format;
  } catch {
    return "its model.json is not valid JSON";
  }
  if (format !== OUTPUT_FORMAT)
    return `its model.json is not a longformer-ts conversion (format ${JSON.stringify(format)})`;
  const foreign = readdirSync(dir).filter((name) => !isOutputFileName(name));
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 5).join(", ");
    return `it holds files a conversion does not write (${shown}${foreign.length > 5 ? `, ... ${foreign.length} in all` : ""})`;
  }
  return undefined;
}
