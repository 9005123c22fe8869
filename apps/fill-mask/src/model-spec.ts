import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { isHubRepoId } from "@longformer-ts/convert";
import { AppError } from "./errors.js";

/** What `--model` names: a local directory, the URL of a converted directory, or a hub repo id. */
export type ModelSpec =
  | { kind: "dir"; path: string }
  | { kind: "url"; url: string }
  | { kind: "hub"; repoId: string; revision: string };

/**
 * Reads a `--model` value. An existing path wins over a hub id of the same spelling (`owner/name` could
 * be both); paths that start like paths (`./`, `../`, `/`, `~`) never become hub ids. `baseDir` is where
 * relative paths start (the directory the user ran the command from).
 */
export function parseModelSpec(value: string, baseDir: string, revision = "main"): ModelSpec {
  const text = value.trim();
  if (text === "") throw new AppError("USAGE", "--model is empty");
  if (/^https?:\/\//i.test(text)) return { kind: "url", url: text };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new AppError("USAGE", `--model ${text}: only http:// and https:// URLs are supported`);
  }
  const path = resolve(baseDir, text);
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw new AppError("USAGE", `--model ${text} is a file; pass its directory`);
    return { kind: "dir", path };
  }
  const looksLikePath = /^(\.{1,2}[\\/]|[\\/]|~)/.test(text);
  if (!looksLikePath && isHubRepoId(text)) return { kind: "hub", repoId: text, revision };
  throw new AppError(
    "MODEL_NOT_FOUND",
    `--model ${text}: no such directory (${path}), and it is not a URL or a hub repo id (owner/name)`,
  );
}
