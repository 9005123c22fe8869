import { describe, expect, it } from "vitest";
import { groupSentences, groupUniform } from "./grouping.js";
import { assignSentences, segmentSentences } from "./sentences.js";

describe("groupUniform", () => {
  it("cuts every `capacity` pieces", () => {
    expect(groupUniform(7, 3)).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
      { start: 6, end: 7 },
    ]);
    expect(groupUniform(6, 3)).toHaveLength(2);
    expect(groupUniform(0, 3)).toEqual([]);
  });
});

describe("groupSentences", () => {
  it("packs whole consecutive sentences while they fit", () => {
    // sentences of 2, 2, 3, 1 pieces, capacity 4 -> [s0 s1] [s2 s3]
    expect(groupSentences([0, 0, 1, 1, 2, 2, 2, 3], 4)).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 8 },
    ]);
  });

  it("starts a new block for a sentence that does not fit in what is left", () => {
    // 3 + 2 > 4 -> the second sentence opens block 2
    expect(groupSentences([0, 0, 0, 1, 1], 4)).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 5 },
    ]);
  });

  it("continues a sentence longer than a block in the next block, whose rest is open for the next sentence", () => {
    // s0 = 1 piece, s1 = 6 pieces, s2 = 1 piece; capacity 4
    expect(groupSentences([0, 1, 1, 1, 1, 1, 1, 2], 4)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 5 },
      { start: 5, end: 8 },
    ]);
  });
});

describe("sentences", () => {
  it("Intl.Segmenter spans are trimmed and index into the text", () => {
    const text = "  First one. Second one?  Third!\n";
    const spans = segmentSentences(text, "en");
    expect(spans.map(([s, e]) => text.slice(s, e))).toEqual(["First one.", "Second one?", "Third!"]);
  });

  it("assigns pieces by their first character and drops sentences without pieces", () => {
    const spans: Array<[number, number]> = [
      [0, 5],
      [6, 8],
      [9, 15],
    ];
    const { sentenceOf, sentences } = assignSentences(
      [
        [0, 2],
        [3, 5],
        [10, 12],
      ],
      spans,
    );
    expect(Array.from(sentenceOf)).toEqual([0, 0, 1]);
    expect(sentences).toEqual([
      [0, 5],
      [9, 15],
    ]);
  });
});

describe("segmentSentences on long texts", () => {
  it("windowed segmentation finds exactly the sentences of one Intl.Segmenter pass", () => {
    // ~120k characters with sentence ends of many kinds, abbreviations and long runs without breaks
    const parts = [
      "Dr. Smith arrived at 10 a.m. and left.",
      "Was it late?",
      'He said "stop!" and walked on.',
      `${"word ".repeat(900)}end.`,
      "Numbers like 3.14 and e.g. abbreviations... stay inside.",
      "New paragraph\n\nstarts here.",
    ];
    let text = "";
    for (let i = 0; text.length < 120_000; i++) text += `${parts[i % parts.length]} `;
    const reference: Array<[number, number]> = [];
    for (const { segment, index } of new Intl.Segmenter("en", { granularity: "sentence" }).segment(text)) {
      const lead = segment.length - segment.trimStart().length;
      if (segment.trim()) reference.push([index + lead, index + lead + segment.trim().length]);
    }
    expect(segmentSentences(text, "en")).toEqual(reference);
  });
});
