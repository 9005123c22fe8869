import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { AppError } from "./errors.js";

/** One document to classify: where it came from and its text. */
export interface DocumentInput {
  /** The path as given, or `-` for stdin. */
  name: string;
  text: string;
}

/** A multiple-choice example (HAT's QuALITY layout). */
export interface ChoiceExample {
  article: string;
  question: string;
  options: string[];
}

/** Reads a whole readable stream (stdin) as bytes. */
export async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * The bytes as UTF-8 text, or a `BINARY_INPUT` error: a NUL byte or a byte sequence that is not UTF-8
 * means an image, an archive or random bytes (a lenient decode would turn them into U+FFFD soup and the
 * model would classify it without a word).
 */
export function decodeText(name: string, bytes: Uint8Array): string {
  const binary = (why: string) =>
    new AppError("BINARY_INPUT", `${name}: not a text file (${why}); pass UTF-8 text (convert PDFs etc. first)`);
  if (bytes.includes(0)) throw binary("it holds NUL bytes");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw binary("it is not valid UTF-8");
  }
}

/**
 * Reads one document (`-` is stdin); a missing or unreadable file is an `INPUT_UNREADABLE` error, bytes
 * that are not text a `BINARY_INPUT` error.
 */
export async function readDocument(name: string, cwd: string, stdin: NodeJS.ReadableStream): Promise<DocumentInput> {
  let bytes: Buffer;
  if (name === "-") bytes = await readStream(stdin);
  else {
    try {
      bytes = await readFile(resolve(cwd, name));
    } catch (cause) {
      const reason = (cause as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (cause as Error).message;
      throw new AppError("INPUT_UNREADABLE", `${name}: ${reason}`, { cause });
    }
  }
  return { name, text: decodeText(name, bytes) };
}

function checkExample(value: unknown, where: string): ChoiceExample {
  const v = value as Partial<Record<keyof ChoiceExample, unknown>> | null;
  const problem = (what: string) => new AppError("INVALID_CHOICES", `${where}: ${what}`);
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw problem("expected an object {article, question, options}");
  for (const key of ["article", "question"] as const) {
    if (typeof v[key] !== "string" || (v[key] as string).trim() === "")
      throw problem(`"${key}" must be a non-empty string`);
  }
  const options = v.options;
  if (!Array.isArray(options) || options.length < 2) throw problem(`"options" must be an array of at least 2 strings`);
  options.forEach((o, i) => {
    if (typeof o !== "string" || o.trim() === "") throw problem(`"options[${i}]" must be a non-empty string`);
  });
  return { article: v.article as string, question: v.question as string, options: options as string[] };
}

/**
 * Parses a `--choices` file: one `{article, question, options}` object, or an array of them (every
 * example needs the same number of options, as they run as one batch).
 */
export function parseChoices(json: string, where: string): ChoiceExample[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new AppError("INVALID_CHOICES", `${where} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const examples = Array.isArray(value)
    ? value.map((v, i) => checkExample(v, `${where}[${i}]`))
    : [checkExample(value, where)];
  if (examples.length === 0) throw new AppError("INVALID_CHOICES", `${where} holds no examples`);
  const counts = new Set(examples.map((e) => e.options.length));
  if (counts.size > 1) {
    throw new AppError(
      "INVALID_CHOICES",
      `${where}: every example needs the same number of options (found ${[...counts].join(", ")})`,
    );
  }
  return examples;
}

export async function readChoices(path: string, cwd: string, stdin: NodeJS.ReadableStream): Promise<ChoiceExample[]> {
  let text: string;
  try {
    ({ text } = await readDocument(path, cwd, stdin));
  } catch (e) {
    // A binary --choices file is an invalid one (exit 2, like a JSON error), not an input to skip.
    if (e instanceof AppError && e.code === "BINARY_INPUT") throw new AppError("INVALID_CHOICES", e.message);
    throw e;
  }
  return parseChoices(text, path);
}
