import { HeadsError } from "../errors.js";

/** HF's token-classification `aggregation_strategy`. */
export type TokenAggregation = "none" | "simple" | "first" | "average" | "max";

const AGGREGATIONS: readonly TokenAggregation[] = ["none", "simple", "first", "average", "max"];

export function checkAggregation(value: unknown): TokenAggregation {
  if (value === undefined) return "simple";
  if (typeof value === "string" && (AGGREGATIONS as readonly string[]).includes(value))
    return value as TokenAggregation;
  throw new HeadsError(
    "INVALID_OPTION",
    `tagTokens: aggregation must be one of ${AGGREGATIONS.map((a) => `"${a}"`).join(", ")}, got ${JSON.stringify(value)}`,
  );
}

/** One word piece with its label probabilities (the input of the aggregation). */
export interface ScoredToken {
  /** Position among the text's word pieces. */
  index: number;
  /** The piece as the tokenizer spells it (e.g. `##ing`). */
  token: string;
  /** Softmax over the labels. */
  scores: ArrayLike<number>;
  /** Character offsets into the text. */
  start: number;
  end: number;
  /** Continues the previous piece's word (HF: the piece's spelling is longer than its text, `##` pieces). */
  isSubword: boolean;
}

/** A token (`aggregation: "none"`) or a group of them. */
export interface TaggedEntity {
  /** The label (`"none"`) or, after grouping, the label without its `B-`/`I-` prefix. */
  entityGroup: string;
  /** Probability of the label; for groups, the mean over the members. */
  score: number;
  /** `text.slice(start, end)` (HF gives the detokenized pieces, lower-cased by uncased tokenizers). */
  word: string;
  start: number;
  end: number;
  /** `"none"` only: the piece's position among the text's pieces. */
  index?: number;
}

interface Labeled {
  entity: string;
  score: number;
  start: number;
  end: number;
}

function argmax(scores: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if ((scores[i] as number) > (scores[best] as number)) best = i;
  return best;
}

function maxOf(scores: ArrayLike<number>): number {
  return scores[argmax(scores)] as number;
}

/** HF's `aggregate_word`: one label for the pieces of a word. */
function aggregateWord(pieces: ScoredToken[], strategy: "first" | "average" | "max", labels: string[]): Labeled {
  let scores: ArrayLike<number>;
  if (strategy === "first") scores = (pieces[0] as ScoredToken).scores;
  else if (strategy === "max") {
    scores = pieces.reduce((best, p) => (maxOf(p.scores) > maxOf(best.scores) ? p : best)).scores;
  } else {
    const n = (pieces[0] as ScoredToken).scores.length;
    const mean = new Float64Array(n);
    for (const p of pieces)
      for (let k = 0; k < n; k++) mean[k] = (mean[k] as number) + (p.scores[k] as number) / pieces.length;
    scores = mean;
  }
  const k = argmax(scores);
  return {
    entity: labels[k] ?? `LABEL_${k}`,
    score: scores[k] as number,
    start: (pieces[0] as ScoredToken).start,
    end: (pieces[pieces.length - 1] as ScoredToken).end,
  };
}

/** HF's `aggregate_words`: a word starts at every piece that is not a subword. */
function aggregateWords(tokens: ScoredToken[], strategy: "first" | "average" | "max", labels: string[]): Labeled[] {
  const words: Labeled[] = [];
  let group: ScoredToken[] = [];
  for (const token of tokens) {
    if (group.length > 0 && !token.isSubword) {
      words.push(aggregateWord(group, strategy, labels));
      group = [];
    }
    group.push(token);
  }
  if (group.length > 0) words.push(aggregateWord(group, strategy, labels));
  return words;
}

/** `B-X` -> ["B", "X"], `I-X` -> ["I", "X"], anything else continues (["I", label]), as in HF. */
function tagOf(entity: string): [string, string] {
  if (entity.startsWith("B-")) return ["B", entity.slice(2)];
  if (entity.startsWith("I-")) return ["I", entity.slice(2)];
  return ["I", entity];
}

/** HF's `group_entities`: consecutive entities with the same tag merge unless the next one is a `B-`. */
function groupEntities(entities: Labeled[], text: string): TaggedEntity[] {
  const groups: TaggedEntity[] = [];
  let run: Labeled[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const first = run[0] as Labeled;
    const last = run[run.length - 1] as Labeled;
    const score = run.reduce((sum, e) => sum + e.score, 0) / run.length;
    groups.push({
      entityGroup: tagOf(first.entity)[1],
      score,
      word: text.slice(first.start, last.end),
      start: first.start,
      end: last.end,
    });
    run = [];
  };
  for (const entity of entities) {
    const previous = run[run.length - 1];
    if (previous) {
      const [bi, tag] = tagOf(entity.entity);
      if (!(tag === tagOf(previous.entity)[1] && bi !== "B")) flush();
    }
    run.push(entity);
  }
  flush();
  return groups;
}

/**
 * HF's token-classification post-processing over the scored pieces of one text: `"none"` one entity per piece
 * (label = argmax); `"simple"` pieces labelled by argmax, then B-/I- grouping; `"first"`/`"average"`/`"max"` one
 * label per word first (first piece's / mean / most confident piece's scores), then grouping. Entities whose
 * label (or group) is in `ignoreLabels` (default `["O"]`) are left out.
 */
export function aggregateTokens(
  tokens: ScoredToken[],
  labels: string[],
  aggregation: TokenAggregation,
  text: string,
  ignoreLabels: readonly string[] = ["O"],
): TaggedEntity[] {
  if (aggregation === "none") {
    return tokens
      .map((t) => {
        const k = argmax(t.scores);
        return {
          entityGroup: labels[k] ?? `LABEL_${k}`,
          score: t.scores[k] as number,
          word: t.token,
          start: t.start,
          end: t.end,
          index: t.index,
        };
      })
      .filter((e) => !ignoreLabels.includes(e.entityGroup));
  }
  const labeled =
    aggregation === "simple"
      ? tokens.map((t) => {
          const k = argmax(t.scores);
          return { entity: labels[k] ?? `LABEL_${k}`, score: t.scores[k] as number, start: t.start, end: t.end };
        })
      : aggregateWords(tokens, aggregation, labels);
  return groupEntities(labeled, text).filter((e) => !ignoreLabels.includes(e.entityGroup));
}
