import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { FILE_NAMES, type TokenizerFiles } from "../core/files.js";
import { TokenizerError } from "../errors.js";

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (cause) {
    throw new TokenizerError("FILE_UNREADABLE", `cannot read ${path}: ${(cause as Error).message}`, { path, cause });
  }
}

/** Reads and parses a JSON file when it exists; `undefined` when it does not. */
async function readOptionalJson(path: string): Promise<{ text: string; json: unknown } | undefined> {
  if (!(await exists(path))) return undefined;
  const text = await readText(path);
  try {
    return { text, json: JSON.parse(text) };
  } catch (cause) {
    throw new TokenizerError("FILE_UNREADABLE", `${path} is not valid JSON: ${(cause as Error).message}`, {
      path,
      cause,
    });
  }
}

/** Everything a checkpoint directory holds for tokenization. */
export interface DirectoryFiles {
  files: TokenizerFiles;
  /** Raw tokenizer.json text (handed to the Rust tokenizer as is). */
  tokenizerJsonText: string | undefined;
  /** Path of vocab.txt when there is no tokenizer.json. */
  vocabPath: string | undefined;
}

/** Reads tokenizer.json (or locates vocab.txt) plus the optional config files of `dir`. */
export async function readCheckpointDirectory(dir: string): Promise<DirectoryFiles> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(dir);
  } catch (cause) {
    throw new TokenizerError("FILE_NOT_FOUND", `tokenizer directory ${dir} does not exist`, { path: dir, cause });
  }
  if (!info.isDirectory()) {
    throw new TokenizerError(
      "FILE_NOT_FOUND",
      `${dir} is not a directory (expected a checkpoint directory holding tokenizer.json or vocab.txt)`,
      {
        path: dir,
      },
    );
  }
  const [tokenizerJson, tokenizerConfig, specialTokensMap, config] = await Promise.all([
    readOptionalJson(join(dir, FILE_NAMES.tokenizerJson)),
    readOptionalJson(join(dir, FILE_NAMES.tokenizerConfig)),
    readOptionalJson(join(dir, FILE_NAMES.specialTokensMap)),
    readOptionalJson(join(dir, FILE_NAMES.config)),
  ]);
  const vocab = join(dir, FILE_NAMES.vocab);
  const vocabPath = tokenizerJson === undefined && (await exists(vocab)) ? vocab : undefined;
  if (tokenizerJson === undefined && vocabPath === undefined) {
    throw new TokenizerError(
      "FILE_NOT_FOUND",
      `${dir} holds neither ${FILE_NAMES.tokenizerJson} nor ${FILE_NAMES.vocab}: no tokenizer to load (looked for ${join(dir, FILE_NAMES.tokenizerJson)} and ${vocab})`,
      { path: join(dir, FILE_NAMES.tokenizerJson) },
    );
  }
  return {
    files: {
      tokenizerJson: tokenizerJson?.json,
      tokenizerConfig: tokenizerConfig?.json,
      specialTokensMap: specialTokensMap?.json,
      config: config?.json,
    },
    tokenizerJsonText: tokenizerJson?.text,
    vocabPath,
  };
}
