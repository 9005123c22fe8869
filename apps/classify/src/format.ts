import type {
  DocumentClassification,
  MultipleChoiceAnswer,
  QuestionAnswer,
  TaggedEntity,
  TaggedSegment,
} from "@longformer-ts/heads";
import type { ChoiceExample } from "./inputs.js";

/** A failed input, as reported in `--json` output. */
export interface InputFailure {
  name: string;
  error: { code: string; message: string };
}

/** The pipelines' warnings (e.g. `TRUNCATED`): on stderr as they come, and in each `--json` result. */
export interface ResultWarning {
  code: string;
  message: string;
}

/** The pipeline's classification as is, `warnings` included. */
export interface DocumentResult extends DocumentClassification {
  name: string;
}

export interface SentencesResult {
  name: string;
  segments: TaggedSegment[];
  warnings: ResultWarning[];
}

/** `--question`: the best answer in one document (character offsets into it). */
export interface AnswerResult extends QuestionAnswer {
  name: string;
  question: string;
  warnings: ResultWarning[];
}

/** `--entities`: the entities of one document (character offsets into it). */
export interface EntitiesResult {
  name: string;
  entities: TaggedEntity[];
  warnings: ResultWarning[];
}

/** The pipeline's answer as is, `warnings` included. */
export interface ChoiceResult extends MultipleChoiceAnswer {
  question: string;
}

const score = (s: number): string => s.toFixed(4);
const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

/** `label<TAB>score<TAB>name`: one line per document, easy to `cut`/`sort`. */
export function formatDocument(result: DocumentResult): string {
  return `${result.label}\t${score(result.score)}\t${result.name}\n`;
}

/** A header per document, then `block<TAB>label<TAB>score<TAB>segment text` per segment. */
export function formatSentences(result: SentencesResult): string {
  const lines = [`==> ${result.name} <== ${result.segments.length} segment${result.segments.length === 1 ? "" : "s"}`];
  for (const s of result.segments) lines.push(`${s.block}\t${s.label}\t${score(s.score)}\t${oneLine(s.text)}`);
  return `${lines.join("\n")}\n`;
}

/** `answer<TAB>score<TAB>start-end<TAB>name`: one line per document (the answer on one line). */
export function formatAnswer(result: AnswerResult): string {
  return `${oneLine(result.answer)}\t${score(result.score)}\t${result.start}-${result.end}\t${result.name}\n`;
}

/** A header per document, then `entity<TAB>score<TAB>start-end<TAB>word` per entity. */
export function formatEntities(result: EntitiesResult): string {
  const n = result.entities.length;
  const lines = [`==> ${result.name} <== ${n} entit${n === 1 ? "y" : "ies"}`];
  for (const e of result.entities)
    lines.push(`${e.entityGroup}\t${score(e.score)}\t${e.start}-${e.end}\t${oneLine(e.word)}`);
  return `${lines.join("\n")}\n`;
}

/** The question, then every option with its score; the best one marked with `*`. */
export function formatChoice(result: ChoiceResult): string {
  const lines = [`question: ${oneLine(result.question)}`];
  for (const s of result.scores) {
    const mark = s.index === result.best.index ? "*" : " ";
    lines.push(`${mark} ${String.fromCharCode(65 + s.index)}) ${score(s.score)}  ${oneLine(s.option)}`);
  }
  return `${lines.join("\n")}\n`;
}

export function choiceResult(example: ChoiceExample, answer: MultipleChoiceAnswer): ChoiceResult {
  return { question: example.question, ...answer };
}
