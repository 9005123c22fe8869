import { describe, expect, it } from "vitest";
import { HeadsError } from "../errors.js";
import { aggregateTokens, checkAggregation, type ScoredToken } from "./token-aggregation.js";

const LABELS = ["O", "B-PARTY", "I-PARTY", "B-DATE", "I-DATE"];

/** A piece with probability `p` on `label` and the rest spread evenly over the other labels. */
function piece(index: number, token: string, start: number, end: number, label: string, p: number): ScoredToken {
  const k = LABELS.indexOf(label);
  const scores = LABELS.map((_, j) => (j === k ? p : (1 - p) / (LABELS.length - 1)));
  return { index, token, scores, start, end, isSubword: token.startsWith("##") };
}

// "acme corp signs on may 5th": "corp" is one piece, "5th" is "5" + "##th".
const TEXT = "acme corp signs on may 5th";
const TOKENS: ScoredToken[] = [
  piece(0, "acme", 0, 4, "B-PARTY", 0.9),
  piece(1, "corp", 5, 9, "I-PARTY", 0.8),
  piece(2, "signs", 10, 15, "O", 0.95),
  piece(3, "on", 16, 18, "O", 0.9),
  piece(4, "may", 19, 22, "B-DATE", 0.7),
  piece(5, "5", 23, 24, "I-DATE", 0.6),
  piece(6, "##th", 24, 26, "O", 0.9),
];

describe("aggregateTokens (HF's token-classification post-processing)", () => {
  it('"none": one entity per piece, O left out, the piece spelling as word', () => {
    const entities = aggregateTokens(TOKENS, LABELS, "none", TEXT);
    expect(entities.map((e) => [e.entityGroup, e.word, e.start, e.end, e.index])).toEqual([
      ["B-PARTY", "acme", 0, 4, 0],
      ["I-PARTY", "corp", 5, 9, 1],
      ["B-DATE", "may", 19, 22, 4],
      ["I-DATE", "5", 23, 24, 5],
    ]);
    expect(entities[0]?.score).toBeCloseTo(0.9);
  });

  it('"simple": B-/I- merged per piece; the ##th piece (O) ends the date', () => {
    const entities = aggregateTokens(TOKENS, LABELS, "simple", TEXT);
    expect(entities.map((e) => [e.entityGroup, e.word, e.start, e.end])).toEqual([
      ["PARTY", "acme corp", 0, 9],
      ["DATE", "may 5", 19, 24],
    ]);
    expect(entities[0]?.score).toBeCloseTo((0.9 + 0.8) / 2);
    expect(entities[1]?.score).toBeCloseTo((0.7 + 0.6) / 2);
  });

  it('"first": a word takes its first piece\'s label, so "5th" is I-DATE', () => {
    const entities = aggregateTokens(TOKENS, LABELS, "first", TEXT);
    expect(entities.map((e) => [e.entityGroup, e.word, e.start, e.end])).toEqual([
      ["PARTY", "acme corp", 0, 9],
      ["DATE", "may 5th", 19, 26],
    ]);
    expect(entities[1]?.score).toBeCloseTo((0.7 + 0.6) / 2);
  });

  it('"max": a word takes its most confident piece\'s label, so "5th" is O (0.9 > 0.6)', () => {
    const entities = aggregateTokens(TOKENS, LABELS, "max", TEXT);
    expect(entities.map((e) => [e.entityGroup, e.word])).toEqual([
      ["PARTY", "acme corp"],
      ["DATE", "may"],
    ]);
  });

  it('"average": a word takes the argmax of its pieces\' mean scores', () => {
    // "5th": I-DATE (0.6 + 0.025) / 2 = 0.3125, O (0.1 + 0.9) / 2 = 0.5 -> O; with ##th at O 0.3 -> I-DATE wins.
    expect(aggregateTokens(TOKENS, LABELS, "average", TEXT).map((e) => e.word)).toEqual(["acme corp", "may"]);
    const unsure = [...TOKENS.slice(0, 6), piece(6, "##th", 24, 26, "O", 0.3)];
    const entities = aggregateTokens(unsure, LABELS, "average", TEXT);
    expect(entities.map((e) => [e.entityGroup, e.word])).toEqual([
      ["PARTY", "acme corp"],
      ["DATE", "may 5th"],
    ]);
    const meanIDate = (0.6 + 0.7 / 4) / 2;
    expect(entities[1]?.score).toBeCloseTo((0.7 + meanIDate) / 2);
  });

  it("a B- starts a new group even after the same tag; labels without B-/I- group by equality", () => {
    const tokens = [
      piece(0, "acme", 0, 4, "B-PARTY", 0.9),
      piece(1, "corp", 5, 9, "B-PARTY", 0.9),
      piece(2, "signs", 10, 15, "O", 0.9),
    ];
    const entities = aggregateTokens(tokens, LABELS, "simple", TEXT, []);
    expect(entities.map((e) => [e.entityGroup, e.word])).toEqual([
      ["PARTY", "acme"],
      ["PARTY", "corp"],
      ["O", "signs"],
    ]);
  });

  it("rejects an unknown strategy with INVALID_OPTION", () => {
    expect(checkAggregation(undefined)).toBe("simple");
    expect(() => checkAggregation("longest")).toThrow(HeadsError);
    expect(() => checkAggregation("longest")).toThrow(/aggregation must be one of/);
  });
});
