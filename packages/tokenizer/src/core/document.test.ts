import { beforeAll, describe, expect, it } from "vitest";
import { LongformerTokenizer, TokenizerError } from "../index.js";
import { bertDir, goldenTexts, modelDir, textOf } from "../test/fixtures.test-util.js";

let bert: LongformerTokenizer;
let tiny: LongformerTokenizer;
beforeAll(async () => {
  bert = await LongformerTokenizer.fromPretrained(bertDir());
  tiny = await LongformerTokenizer.fromPretrained(modelDir("tiny-mlm"));
});

async function rejected(promise: Promise<unknown>): Promise<TokenizerError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(TokenizerError);
    return e as TokenizerError;
  }
  throw new Error("expected a TokenizerError");
}

const texts = goldenTexts();
const lighthouse = textOf(texts, "lighthouse");
const market = textOf(texts, "market");

describe("encodeDocument: sentence grouping", () => {
  for (const [name, text] of [
    ["lighthouse", lighthouse],
    ["market", market],
  ] as const) {
    for (const blockSize of [16, 32, 64]) {
      it(`${name}, blocks of ${blockSize}: whole sentences per block, greedy, same pieces as uniform`, async () => {
        const doc = await bert.encodeDocument(text, {
          grouping: "sentences",
          maxSentenceLength: blockSize,
          maxLength: Number.POSITIVE_INFINITY,
        });
        const pieces = (await bert.encode(text, { addSpecialTokens: false })).ids;
        const capacity = blockSize - 1;
        expect(doc.sentences.length).toBeGreaterThan(10);
        // the layout holds every piece once, in order
        const laidOut = doc.inputIds.filter((_, i) => doc.attentionMask[i] === 1 && i % blockSize !== 0);
        expect(laidOut).toEqual(pieces);
        // pieces per sentence, counted from the offsets of the layout
        const piecesOf = new Map<number, number[]>(); // sentence -> blocks holding its pieces
        doc.blocks.forEach((block) => {
          for (const s of block.sentenceIndices) piecesOf.set(s, [...(piecesOf.get(s) ?? []), block.index]);
        });
        const sentenceLength = (s: number): number => {
          const [a, b] = doc.sentences[s] as [number, number];
          return doc.offsets.filter(([o], i) => doc.attentionMask[i] === 1 && i % blockSize !== 0 && o >= a && o < b)
            .length;
        };
        for (const [s, blocks] of piecesOf) {
          // a sentence that fits in a block is never split
          if (sentenceLength(s) <= capacity) expect(blocks, `sentence ${s}`).toHaveLength(1);
        }
        // greedy: the first sentence of every block did not fit into the previous block
        for (let b = 1; b < doc.blocks.length; b++) {
          const previous = doc.blocks[b - 1];
          const block = doc.blocks[b];
          if (!previous || !block) continue;
          const first = block.sentenceIndices[0] as number;
          if (previous.sentenceIndices.includes(first)) continue; // continuation of a long sentence
          const used = previous.tokenEnd - previous.tokenStart - 1;
          expect(used + sentenceLength(first), `block ${b}`).toBeGreaterThan(capacity);
        }
        // blocks start at multiples of the block size, padding inside is PAD with attention 0
        for (const block of doc.blocks) expect(block.tokenStart).toBe(block.index * blockSize);
        expect(doc.inputIds.length % blockSize).toBe(0);
      });
    }
  }

  it("accepts the sentences as an array; offsets and spans refer to the joined text", async () => {
    const sentences = ["The first sentence.", "A second, slightly longer sentence follows here.", "Third."];
    // 4, 9 and 2 pieces: with 9 pieces per block no two sentences fit together
    const doc = await bert.encodeDocument(sentences, { grouping: "sentences", maxSentenceLength: 10 });
    expect(doc.text).toBe(sentences.join(" "));
    expect(doc.sentences.map(([a, b]) => doc.text.slice(a, b))).toEqual(sentences);
    expect(doc.blocks.map((b) => b.sentenceIndices)).toEqual([[0], [1], [2]]);
    doc.offsets.forEach(([a, b], i) => {
      if (doc.attentionMask[i] === 1 && i % 10 !== 0) {
        expect(doc.text.slice(a, b).toLowerCase()).toBe(
          bert.convertIdsToTokens([doc.inputIds[i] as number])[0]?.replace(/^##/, ""),
        );
      }
    });
    // uniform grouping of the same sentences = uniform grouping of the joined text
    const uniform = await bert.encodeDocument(sentences, { maxSentenceLength: 16 });
    const joined = await bert.encodeDocument(sentences.join(" "), { maxSentenceLength: 16 });
    expect(uniform.inputIds).toEqual(joined.inputIds);
  });

  it("block spans cover the block's text", async () => {
    const doc = await tiny.encodeDocument(market, { grouping: "sentences" });
    for (const block of doc.blocks) {
      const firstPiece = doc.offsets[block.tokenStart + 1] as [number, number];
      const lastPiece = doc.offsets[block.tokenEnd - 1] as [number, number];
      expect([block.charStart, block.charEnd]).toEqual([firstPiece[0], lastPiece[1]]);
    }
  });
});

describe("encodeDocument: truncation and padding", () => {
  it("truncates to the checkpoint's limits by default and reports it", async () => {
    const doc = await tiny.encodeDocument(lighthouse);
    expect(doc.inputIds).toHaveLength(128);
    expect(doc.blocks).toHaveLength(8);
    expect(doc.truncation).toEqual({
      truncated: true,
      totalPieces: 1079,
      keptPieces: 120,
      droppedPieces: 959,
      limit: 128,
      keptCharEnd: expect.any(Number),
    });
    const next = (await tiny.encode(lighthouse, { addSpecialTokens: false })).offsets[120] as [number, number];
    expect(doc.truncation.keptCharEnd).toBe(next[0]);
  });

  it("maxSentences keeps whole blocks", async () => {
    const doc = await tiny.encodeDocument(lighthouse, { maxSentences: 3, maxLength: 1000 });
    expect(doc.inputIds).toHaveLength(48);
    expect(doc.truncation).toMatchObject({ truncated: true, keptPieces: 45, limit: 48 });
  });

  it("maxLength can cut inside a block; 'blocks' padding never passes it", async () => {
    const doc = await tiny.encodeDocument(lighthouse, { maxLength: 40 });
    expect(doc.inputIds).toHaveLength(40);
    expect(doc.truncation.keptPieces).toBe(15 + 15 + 7);
    expect(doc.contentLength).toBe(40);
  });

  it("a short document: 'blocks' pads to a whole block, 'none' does not pad, 'maxLength' pads to the limit", async () => {
    const text = "Just a few words here."; // 6 pieces
    const blocks = await tiny.encodeDocument(text);
    expect(blocks.inputIds).toEqual([101, 2074, 1037, 2261, 2616, 2182, 1012, ...new Array<number>(9).fill(0)]);
    expect(blocks.attentionMask).toEqual([...new Array<number>(7).fill(1), ...new Array<number>(9).fill(0)]);
    expect(blocks.globalAttentionMask).toEqual([1, ...new Array<number>(15).fill(0)]);
    expect(blocks.truncation.truncated).toBe(false);
    expect(blocks.truncation.keptCharEnd).toBe(text.length);
    expect((await tiny.encodeDocument(text, { padding: "none" })).inputIds).toHaveLength(7);
    const full = await tiny.encodeDocument(text, { padding: "maxLength" });
    expect(full.inputIds).toHaveLength(128);
    expect(full.inputIds.slice(16).every((id) => id === 0)).toBe(true); // all-padding blocks start with PAD
    expect(full.blocks).toHaveLength(1);
  });

  it("a batch pads every document to the longest and keeps each one's metadata", async () => {
    const batch = await tiny.encodeDocumentBatch(
      ["Short one.", ["A document", "given as sentences", "that is longer than the first."]],
      {
        padding: "none",
      },
    );
    // 3 + 1 and 12 + 1 tokens
    expect(batch.inputIds.map((r) => r.length)).toEqual([13, 13]);
    expect(batch.attentionMask[0]).toEqual([...new Array<number>(4).fill(1), ...new Array<number>(9).fill(0)]);
    expect(batch.documents[0]?.contentLength).toBe(4);
    expect(batch.documents[1]?.sentences).toHaveLength(3);
    expect(batch.offsets[0]).toHaveLength(13);
  });
});

describe("encodeDocument: bad input", () => {
  it("an empty or whitespace-only document is an error", async () => {
    for (const doc of ["", "   \n\t", [], ["", "  "]]) {
      const e = await rejected(tiny.encodeDocument(doc));
      expect(e.code).toBe("EMPTY_DOCUMENT");
    }
    const e = await rejected(tiny.encodeDocumentBatch(["fine", " "]));
    expect(e.message).toContain("documents[1]");
  });

  it("non-string text names the argument", async () => {
    expect((await rejected(tiny.encodeDocument(5 as unknown as string))).code).toBe("INVALID_TEXT");
    const e = await rejected(tiny.encodeDocument(["ok", 3 as unknown as string]));
    expect(e.code).toBe("INVALID_TEXT");
    expect(e.message).toContain("document[1]");
  });

  it("invalid options", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ maxSentenceLength: 1 }, "INVALID_OPTION"],
      [{ maxSentenceLength: 2.5 }, "INVALID_OPTION"],
      [{ grouping: "words" }, "INVALID_OPTION"],
      [{ padding: "left" }, "INVALID_OPTION"],
      [{ maxSentences: 0 }, "INVALID_OPTION"],
      [{ maxLength: 1 }, "OPTIONS_CANNOT_FIT"],
      [{ locale: 3 }, "INVALID_OPTION"],
      [{ locale: "en_US" }, "INVALID_OPTION"],
      [{ locale: "", grouping: "sentences" }, "INVALID_OPTION"],
    ];
    for (const [options, code] of cases) {
      const e = await rejected(tiny.encodeDocument("text", options));
      expect(e.code, JSON.stringify(options)).toBe(code);
    }
    // 'maxLength' padding without any limit
    const e = await rejected(
      bert.encodeDocument("text", { maxLength: Number.POSITIVE_INFINITY, padding: "maxLength" }),
    );
    expect(e.code).toBe("INVALID_OPTION");
  });

  it("names a locale Intl.Segmenter cannot use instead of letting its RangeError escape", async () => {
    for (const encode of [
      () => tiny.encodeDocument("One. Two.", { grouping: "sentences", locale: "en_US" }),
      () => tiny.encodeDocumentBatch(["One. Two."], { grouping: "sentences", locale: "en_US" }),
    ]) {
      const e = await rejected(encode());
      expect(e).toBeInstanceOf(TokenizerError);
      expect(e.code).toBe("INVALID_OPTION");
      expect(e.message).toContain('"en_US"');
    }
  });
});

describe("encodeMultipleChoice", () => {
  const example = {
    article: "A short article about lighthouses.",
    question: "What is the article about?",
    options: ["Lighthouses.", "Markets.", "Nothing at all."],
  };

  it("has shape (choices, maxLength) with article, question and option blocks", async () => {
    const mc = await tiny.encodeMultipleChoice(example, { maxLength: 64 });
    expect(mc.inputIds).toHaveLength(3);
    expect(mc.inputIds.every((r) => r.length === 64)).toBe(true);
    expect([mc.questionStart, mc.optionStart]).toEqual([32, 48]);
    const question = (await tiny.encode(example.question, { addSpecialTokens: false })).ids;
    for (let c = 0; c < 3; c++) {
      const row = mc.inputIds[c] as number[];
      expect(row[0]).toBe(101);
      expect(row.slice(16, 32).every((id) => id === 0)).toBe(true); // padding block after a short article
      expect(row.slice(32, 48)).toEqual([102, ...question, ...new Array<number>(15 - question.length).fill(0)]);
      const option = (await tiny.encode(example.options[c] as string, { addSpecialTokens: false })).ids;
      expect(row.slice(48, 48 + option.length + 1)).toEqual([102, ...option]);
      expect(mc.globalAttentionMask[c]?.flatMap((g, i) => (g ? [i] : []))).toEqual([0, 32, 48]);
    }
    expect(mc.offsets[0]?.[33]).toEqual([0, 4]); // "what" in the question
  });

  it("cuts a question longer than a block and reports it", async () => {
    const long = { ...example, question: "why ".repeat(40) };
    const mc = await tiny.encodeMultipleChoice(long, { maxLength: 64 });
    expect(mc.questionTruncation).toMatchObject({ truncated: true, totalPieces: 40, keptPieces: 15, limit: 16 });
    expect(mc.optionTruncations.every((t) => !t.truncated)).toBe(true);
  });

  it("rejects options that cannot fit and bad input", async () => {
    expect((await rejected(tiny.encodeMultipleChoice(example, { maxLength: 40 }))).code).toBe("OPTIONS_CANNOT_FIT");
    expect((await rejected(tiny.encodeMultipleChoice(example, { maxLength: 32 }))).code).toBe("OPTIONS_CANNOT_FIT");
    expect((await rejected(bert.encodeMultipleChoice(example, { maxLength: 200 }))).code).toBe("OPTIONS_CANNOT_FIT");
    expect((await rejected(tiny.encodeMultipleChoice({ ...example, question: "" }))).code).toBe("EMPTY_DOCUMENT");
    expect((await rejected(tiny.encodeMultipleChoice({ ...example, article: " " }))).message).toContain("article");
    expect((await rejected(tiny.encodeMultipleChoice({ ...example, options: "a" as unknown as string[] }))).code).toBe(
      "INVALID_TEXT",
    );
    expect((await rejected(tiny.encodeMultipleChoice({ ...example, options: [] }))).code).toBe("INVALID_TEXT");
    const batch = rejected(tiny.encodeMultipleChoiceBatch([example, { ...example, options: ["x", "y"] }]));
    expect((await batch).code).toBe("INVALID_OPTION");
  });
});
