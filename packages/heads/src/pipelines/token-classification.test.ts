import { useBackend } from "@longformer-ts/encoder";
import { LongformerTokenizer } from "@longformer-ts/tokenizer";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipeline, type TokenClassificationPipeline } from "../index.js";
import { hfModelDir } from "../testing/hf-fixtures.test-util.js";

const TEXT =
  "This Agreement is made on 5 March 2021 between Northwind Traders Limited and the Contoso Corporation, " +
  "hereinafter the parties.";

describe("TokenClassificationPipeline.tagTokens", () => {
  let ner: TokenClassificationPipeline;
  let tokenizer: LongformerTokenizer;
  beforeAll(async () => {
    useBackend("cpu");
    ner = await createPipeline("token-classification", hfModelDir("tiny-hf-tokcls"));
    tokenizer = await LongformerTokenizer.fromPretrained(hfModelDir("tiny-hf-tokcls"));
  });
  afterAll(() => ner.dispose());

  it('"none" with no label ignored: one entity per piece, labelled by the argmax of the model\'s own logits', async () => {
    const { entities, windows } = await ner.tagTokens(TEXT, { aggregation: "none", ignoreLabels: [] });
    const enc = await tokenizer.encode(TEXT);
    expect(windows).toBe(1);
    expect(entities).toHaveLength(enc.ids.length - 2);
    const out = ner.model.forward({ inputIds: [enc.ids] });
    const argmax = (tf.argMax(out.logits, 2).arraySync() as number[][])[0]!;
    out.logits.dispose();
    out.lastHiddenState.dispose();
    entities.forEach((e, i) => {
      expect(e.index).toBe(i);
      expect(e.entityGroup).toBe(ner.model.labels[argmax[i + 1]!]);
      expect([e.start, e.end]).toEqual(enc.offsets[i + 1]);
      expect(e.word).toBe(enc.tokens[i + 1]);
    });
  });

  it.each(["simple", "first", "average", "max"] as const)(
    '"%s": grouped entities, labels without B-/I-, words are slices of the text',
    async (aggregation) => {
      const { entities } = await ner.tagTokens(TEXT, { aggregation, ignoreLabels: [] });
      expect(entities.length).toBeGreaterThan(0);
      let previousEnd = 0;
      for (const e of entities) {
        expect(["O", "PARTY", "DATE"]).toContain(e.entityGroup);
        expect(e.word).toBe(TEXT.slice(e.start, e.end));
        expect(e.start).toBeGreaterThanOrEqual(previousEnd);
        expect(e.score).toBeGreaterThan(0);
        expect(e.score).toBeLessThanOrEqual(1);
        previousEnd = e.end;
      }
      if (aggregation !== "simple") {
        // Word-level strategies never cut a word: every entity starts and ends on word boundaries.
        for (const e of entities) {
          expect(e.start === 0 || /[\s,.]/.test(TEXT[e.start - 1]!) || /[,.]/.test(TEXT[e.start]!)).toBe(true);
        }
      }
    },
  );

  it("a text longer than the model is read in windows; every piece is tagged once, offsets into the whole text", async () => {
    const long = Array.from({ length: 6 }, () => TEXT).join(" ");
    const pieces = (await tokenizer.encode(long, { addSpecialTokens: false })).ids.length;
    expect(pieces).toBeGreaterThan(126);
    const before = tf.memory().numTensors;
    const { entities, windows } = await ner.tagTokens(long, { aggregation: "none", ignoreLabels: [], stride: 16 });
    expect(tf.memory().numTensors).toBe(before);
    expect(windows).toBe(Math.ceil((pieces - 126) / (126 - 16)) + 1);
    expect(entities.map((e) => e.index)).toEqual(Array.from({ length: pieces }, (_, i) => i));
    for (const e of entities) expect(long.slice(e.start, e.end).toLowerCase()).toBe(e.word.replace(/^##/, ""));
  });

  it("typed errors: unknown aggregation, empty text", async () => {
    await expect(ner.tagTokens(TEXT, { aggregation: "longest" as "none" })).rejects.toMatchObject({
      code: "INVALID_OPTION",
    });
    await expect(ner.tagTokens("  ")).rejects.toMatchObject({ code: "EMPTY_TEXT" });
  });
});
