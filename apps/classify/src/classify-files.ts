import {
  type AnswerResult,
  type DocumentResult,
  type EntitiesResult,
  formatAnswer,
  formatDocument,
  formatEntities,
  formatSentences,
  type InputFailure,
  type SentencesResult,
} from "./format.js";
import { readDocument } from "./inputs.js";
import type { PipelineOfMode } from "./load-pipeline.js";
import { FileProgress } from "./progress.js";
import type { RunContext } from "./run-context.js";

/** One way of reading a document: the result to print, and the pipeline's warnings. */
interface Reader<R> {
  read(name: string, text: string): Promise<{ result: R; warnings: Array<{ code: string; message: string }> }>;
  format(result: R): string;
}

export function documentReader(pipeline: PipelineOfMode["documents"]): Reader<DocumentResult> {
  return {
    read: async (name, text) => {
      const classification = await pipeline.classifyDocument(text);
      return { result: { name, ...classification }, warnings: classification.warnings };
    },
    format: formatDocument,
  };
}

export function sentenceReader(pipeline: PipelineOfMode["sentences"]): Reader<SentencesResult> {
  return {
    read: async (name, text) => {
      const { segments, warnings } = await pipeline.tagSentences(text);
      return { result: { name, segments, warnings }, warnings };
    },
    format: formatSentences,
  };
}

export function answerReader(pipeline: PipelineOfMode["question"], question: string): Reader<AnswerResult> {
  return {
    read: async (name, context) => {
      const { answers: _all, windows: _windows, ...answer } = await pipeline.answerQuestion({ question, context });
      return { result: { name, question, ...answer }, warnings: answer.warnings };
    },
    format: formatAnswer,
  };
}

export function entityReader(pipeline: PipelineOfMode["entities"]): Reader<EntitiesResult> {
  return {
    read: async (name, text) => {
      const { entities, warnings } = await pipeline.tagTokens(text);
      return { result: { name, entities, warnings }, warnings };
    },
    format: formatEntities,
  };
}

/** A typed error (a `code`) about one input; anything else is a bug or a broken model and stops the run. */
function inputFailure(name: string, e: unknown): InputFailure | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return undefined;
  const message = (e as Error).message ?? String(e);
  return { name, error: { code, message: message.startsWith(name) ? message : `${name}: ${message}` } };
}

/**
 * Reads and classifies each file in turn: text results are printed as they come, JSON at the end. A file
 * that cannot be read (or holds no text) is reported and skipped. Returns how many files failed.
 */
export async function classifyFiles<R>(
  { io, opts }: RunContext,
  reader: Reader<R>,
  files: string[],
): Promise<{ results: Array<R | InputFailure>; failed: number }> {
  const progress = new FileProgress(io.stderr, files.length, opts.progress);
  const results: Array<R | InputFailure> = [];
  let failed = 0;
  try {
    for (const name of files) {
      try {
        const { text } = await readDocument(name, io.cwd, io.stdin);
        const { result, warnings } = await reader.read(name, text);
        // Through the bar, which clears its line first (else a warning and the bar overwrite each other).
        for (const w of warnings) progress.log(`warning [${w.code}] ${name}: ${w.message}`);
        results.push(result);
        if (!opts.json) io.stdout.write(reader.format(result));
      } catch (e) {
        const failure = inputFailure(name, e);
        if (!failure) throw e;
        failed++;
        results.push(failure);
        progress.log(`error [${failure.error.code}] ${failure.error.message}`);
      } finally {
        progress.tick(name);
      }
    }
  } finally {
    progress.stop();
  }
  return { results, failed };
}
