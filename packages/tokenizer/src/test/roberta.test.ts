import { Tokenizer as NativeTokenizer } from "tokenizers";
import { afterAll, describe, expect, it } from "vitest";
import { LongformerTokenizer } from "../index.js";
import { writeRobertaCheckpoint } from "./roberta.test-util.js";
import { removeTempDirs } from "./temp-dir.test-util.js";

afterAll(removeTempDirs);

describe("RoBERTa-style checkpoint (pad id 1)", () => {
  it("reads <s> </s> <pad> <mask> <unk> and their ids from the files", async () => {
    const tok = await LongformerTokenizer.fromPretrained(writeRobertaCheckpoint());
    expect(tok.specialTokens).toEqual({
      cls: { token: "<s>", id: 0 },
      sep: { token: "</s>", id: 2 },
      pad: { token: "<pad>", id: 1 },
      mask: { token: "<mask>", id: 4 },
      unk: { token: "<unk>", id: 3 },
    });
    expect(tok.padTokenId).toBe(1);
    expect(tok.maskToken).toBe("<mask>");
    expect(tok.layoutDefaults).toEqual({ maxSentenceLength: 8, maxSentences: undefined, modelMaxLength: 4096 });
  });

  it("finds cls/sep in the post-processor and pad through config.json when no tokenizer_config.json exists", async () => {
    const tok = await LongformerTokenizer.fromPretrained(writeRobertaCheckpoint({ withTokenizerConfig: false }));
    expect(tok.specialTokens.cls).toEqual({ token: "<s>", id: 0 });
    expect(tok.specialTokens.sep).toEqual({ token: "</s>", id: 2 });
    expect(tok.specialTokens.pad).toEqual({ token: "<pad>", id: 1 });
    expect(tok.specialTokens.mask).toBeUndefined();
  });

  it("encode with special tokens equals the checkpoint's own RobertaProcessing output", async () => {
    const dir = writeRobertaCheckpoint();
    const tok = await LongformerTokenizer.fromPretrained(dir);
    const native = NativeTokenizer.fromFile(`${dir}/tokenizer.json`);
    for (const text of ["the cat sat on the mat", "the <mask> sat", " café, the end!"]) {
      const ours = await tok.encode(text);
      const theirs = await native.encode(text);
      expect(ours.ids, text).toEqual(theirs.getIds());
      expect(ours.specialTokensMask, text).toEqual(theirs.getSpecialTokensMask());
    }
  });

  it("lays documents out with <s>/</s> leaders, pad id 1 and attention 0 on padding", async () => {
    const tok = await LongformerTokenizer.fromPretrained(writeRobertaCheckpoint());
    const pieces = (await tok.encode("the cat sat on the mat. the end", { addSpecialTokens: false })).ids;
    expect(pieces.length).toBe(10);
    const doc = await tok.encodeDocument("the cat sat on the mat. the end");
    // blocks of 8 = leader + 7 pieces: <s> p0..p6 | </s> p7 p8 p9 <pad> x4
    expect(doc.inputIds).toEqual([0, ...pieces.slice(0, 7), 2, ...pieces.slice(7), 1, 1, 1, 1]);
    expect(doc.attentionMask).toEqual([...new Array<number>(12).fill(1), 0, 0, 0, 0]);
    expect(doc.globalAttentionMask).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    const mc = await tok.encodeMultipleChoice(
      { article: "the cat sat", question: "the mat", options: ["on", "the end"] },
      { maxLength: 24 },
    );
    const question = (await tok.encode("the mat", { addSpecialTokens: false })).ids;
    expect(mc.inputIds[0]?.slice(8, 16)).toEqual([2, ...question, ...new Array<number>(7 - question.length).fill(1)]);
    expect(mc.attentionMask[0]?.slice(8, 16)).toEqual([
      1,
      ...question.map(() => 1),
      ...new Array<number>(7 - question.length).fill(0),
    ]);
  });

  it("keeps <mask> in a text as one token", async () => {
    const tok = await LongformerTokenizer.fromPretrained(writeRobertaCheckpoint());
    const enc = await tok.encode("the <mask> sat", { addSpecialTokens: false });
    expect(enc.ids).toContain(4);
  });
});
