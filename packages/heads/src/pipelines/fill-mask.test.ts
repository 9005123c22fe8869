import { join } from "node:path";
import { BACKENDS, expectNoTensorLeak, longformerFixturesDir } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPipeline,
  type FillMaskPipeline,
  FillMaskPipeline as FillMaskPipelineClass,
  HeadsError,
} from "../index.js";
import { goldenCase, KERNEL, loadGolden } from "../testing/golden.test-util.js";
import { goldenText, pieceAt, textSlice } from "../testing/texts.test-util.js";

const modelDir = (name: string) => join(longformerFixturesDir(), "models", name);

describe.each(BACKENDS)("fillMask on tiny-mlm (%s)", (backend) => {
  const golden = loadGolden("tiny-mlm");
  const c = goldenCase(golden, "mlm_batch2_full128_and_padded");
  let fill: FillMaskPipeline;
  beforeAll(async () => {
    fill = await createPipeline("fill-mask", modelDir("tiny-mlm"), { backend, kernel: KERNEL });
  });
  afterAll(() => fill.dispose());

  /** Row `row` of the golden case as text, its [MASK]s written alternately as `[MASK]` and `<mask>`. */
  async function rowText(row: number): Promise<{ text: string; golden: number[][] }> {
    const source = c.source![row]!;
    const rows = c.masked_positions!.map((p, i) => ({ p, i })).filter(({ p }) => p[0] === row);
    const text = await textSlice(
      fill.tokenizer,
      source.text!,
      source.token_offset!,
      source.n_text_tokens!,
      rows.map(({ p }, k) => ({ piece: pieceAt(p[1], 16), marker: k % 2 ? "<mask>" : "[MASK]" })),
    );
    return { text, golden: rows.map(({ i }) => c.top5_ids![i]!) };
  }

  it.each([0, 1])("row %i rebuilt from texts.json returns the golden top-5 ids in order", async (row) => {
    const { text, golden: expected } = await rowText(row);
    const result = await fill.fillMask(text, { topK: 5 });
    expect(result.warnings).toEqual([]);
    expect(result.masks.map((m) => m.predictions.map((p) => p.token))).toEqual(expected);
    expect(result.masks.map((m) => m.position)).toEqual(
      c.masked_positions!.filter((p) => p[0] === row).map((p) => p[1]),
    );
    for (const mask of result.masks) {
      expect(["[MASK]", "<mask>"]).toContain(text.slice(mask.charStart, mask.charEnd));
      const scores = mask.predictions.map((p) => p.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
      for (const p of mask.predictions) {
        expect(p.tokenStr).toBe(await fill.tokenizer.decode([p.token], { skipSpecialTokens: false }));
        const filled = p.tokenStr.startsWith("##") ? p.tokenStr.slice(2) : p.tokenStr;
        expect(p.sequence).toContain(filled);
        expect(p.sequence.length).toBeLessThan(text.length + filled.length);
      }
    }
  });

  it("rejects empty text, text without a mask, and a bad topK with typed errors", async () => {
    await expect(fill.fillMask("   ")).rejects.toMatchObject({ code: "EMPTY_TEXT" });
    await expect(fill.fillMask("no mask in here")).rejects.toMatchObject({
      code: "NO_MASK_TOKEN",
      message: "fillMask: the text has no mask; write [MASK] or <mask> where a token should be predicted",
    });
    await expect(fill.fillMask("a [MASK] b", { topK: 0 })).rejects.toBeInstanceOf(HeadsError);
    await expect(fill.fillMask(42 as unknown as string)).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("text beyond the model length is truncated with warnings, masks past the cut are reported", async () => {
    const long = `${goldenText("lighthouse")} Finally the [MASK] went out.`;
    const result = await fill.fillMask(`The [MASK] stood on the rock. ${long}`);
    expect(result.masks).toHaveLength(1);
    expect(result.warnings.map((w) => w.code)).toEqual(["TRUNCATED", "MASKS_DROPPED"]);
    expect(result.warnings[0]!.message).toMatch(/word pieces/);
    await expect(fill.fillMask(long)).rejects.toMatchObject({
      code: "NO_MASK_TOKEN",
      message: expect.stringMatching(/^fillMask: the text's only mask lies beyond the model's \d+-token limit/),
    });
    await expect(fill.fillMask(`${long} And the [MASK] again.`)).rejects.toMatchObject({
      message: expect.stringMatching(/^fillMask: all 2 masks lie beyond/),
    });
  });

  it("keeps the live tensor count flat across repeated calls", async () => {
    const { text } = await rowText(1);
    await expectNoTensorLeak(tf, () => fill.fillMask(text));
  });
});

describe("fillMask on mini-mlm: the whole lighthouse text (1079 pieces, cut to 1024 tokens), 6 masks", () => {
  const golden = loadGolden("mini-mlm");
  const c = goldenCase(golden, "mini_mlm_full1024");
  let fill: FillMaskPipeline;
  beforeAll(async () => {
    fill = await FillMaskPipelineClass.fromPretrained(modelDir("mini-mlm"), { backend: "wasm", kernel: KERNEL });
  });
  afterAll(() => fill.dispose());

  it("returns the golden top-5 ids of every mask in order and warns about the truncation", async () => {
    const text = goldenText("lighthouse");
    const withMasks = await textSlice(
      fill.tokenizer,
      "lighthouse",
      0,
      1079,
      c.masked_positions!.map(([, p], k) => ({ piece: pieceAt(p, 128), marker: k % 2 ? "<mask>" : "[MASK]" })),
    );
    expect(withMasks.match(/\[MASK\]|<mask>/g)).toHaveLength(6);
    expect(withMasks.endsWith(text.slice(-40))).toBe(true); // the whole text, not a 1024-token excerpt
    const result = await fill.fillMask(withMasks, { topK: 5 });
    expect(result.masks.map((m) => m.position)).toEqual(c.masked_positions!.map(([, p]) => p));
    expect(result.masks.map((m) => m.predictions.map((p) => p.token))).toEqual(c.top5_ids);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ code: "TRUNCATED" });
    expect(result.warnings[0]!.message).toMatch(/1079 word pieces .* 1016/);
  });
});
