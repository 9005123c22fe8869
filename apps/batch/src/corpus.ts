import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { AppError } from "./errors.js";

/**
 * One document as it travels in a job: its text, or, when a .txt file is not valid UTF-8, its raw bytes
 * (base64), so that the worker records the failure in the queue like any other failed document.
 */
export type DocumentData = { id: string; text: string } | { id: string; bytes: string };

/** A JSONL line that is not a document: reported and skipped, the rest of the corpus still goes in. */
export interface Rejection {
  where: string;
  message: string;
}

export type CorpusEntry = { document: DocumentData } | { rejection: Rejection };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The text of a document, or a `DOCUMENT_UNDECODABLE` error for bytes that are not UTF-8. */
export function documentText(data: DocumentData): string {
  if ("text" in data) return data.text;
  try {
    return utf8.decode(Buffer.from(data.bytes, "base64"));
  } catch (cause) {
    throw new AppError("DOCUMENT_UNDECODABLE", `document ${data.id} is not valid UTF-8 text`, { cause });
  }
}

/** Parses one JSONL line `{"id": ..., "text": "..."}` (a number id is taken as its decimal string). */
export function parseLine(line: string, where: string): CorpusEntry {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { rejection: { where, message: `not valid JSON (${(e as Error).message})` } };
  }
  const v = value as { id?: unknown; text?: unknown } | null;
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    return { rejection: { where, message: 'expected an object {"id", "text"}' } };
  }
  const id = typeof v.id === "number" && Number.isFinite(v.id) ? String(v.id) : v.id;
  if (typeof id !== "string" || id === "") {
    return { rejection: { where, message: '"id" must be a non-empty string or a number' } };
  }
  if (typeof v.text !== "string") return { rejection: { where, message: `"text" of ${id} must be a string` } };
  return { document: { id, text: v.text } };
}

async function* readJsonl(name: string, stream: NodeJS.ReadableStream): AsyncGenerator<CorpusEntry> {
  let n = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    n++;
    if (line.trim() === "") continue;
    yield parseLine(line, `${name}:${n}`);
  }
}

async function listTextFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".txt"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** A directory's .txt files (recursively, sorted by path); each id is the path relative to the directory. */
async function* readTextDir(dir: string): AsyncGenerator<CorpusEntry> {
  for (const path of await listTextFiles(dir)) {
    const id = relative(dir, path).split("\\").join("/");
    const bytes = await readFile(path);
    try {
      yield { document: { id, text: utf8.decode(bytes) } };
    } catch {
      yield { document: { id, bytes: bytes.toString("base64") } };
    }
  }
}

/**
 * Every document of the inputs, in order: JSONL files (`-` is stdin) line by line, directories as their .txt
 * files. Streams, so a corpus larger than memory can be enqueued.
 */
export async function* readCorpus(
  inputs: string[],
  cwd: string,
  stdin: NodeJS.ReadableStream,
): AsyncGenerator<CorpusEntry> {
  for (const input of inputs) {
    if (input === "-") {
      yield* readJsonl("-", stdin);
      continue;
    }
    const path = resolve(cwd, input);
    let isDir: boolean;
    try {
      isDir = (await stat(path)).isDirectory();
    } catch (cause) {
      const reason = (cause as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (cause as Error).message;
      throw new AppError("INPUT_UNREADABLE", `${input}: ${reason}`, { cause });
    }
    if (isDir) yield* readTextDir(path);
    else yield* readJsonl(input, createReadStream(path));
  }
}
