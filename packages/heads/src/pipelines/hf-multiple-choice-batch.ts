import type { LongformerTokenizerCore, MultipleChoiceExample } from "@longformer-ts/tokenizer";
import { HeadsError } from "../errors.js";
import type { HfLongformerForMultipleChoice } from "../models/hf-multiple-choice.js";
import { type MultipleChoiceAnswer, scoreChoices } from "./choice-scores.js";
import { checkFiniteLogits } from "./finite-output.js";
import { modelTokenLimit } from "./pipeline-base.js";
import { takeLogits } from "./take-logits.js";
import type { PipelineWarning } from "./warnings.js";

/**
 * One row per option in HF's multiple-choice layout, `[CLS] article question [SEP] [SEP] option [SEP]`; what does
 * not fit is cut from the end of the article first (then the option's end), with warnings.
 */
async function encodeExample(
  tokenizer: LongformerTokenizerCore,
  example: MultipleChoiceExample,
  limit: number,
  label: string,
): Promise<{ rows: number[][]; warnings: PipelineWarning[] }> {
  const { cls, sep } = tokenizer.specialTokens;
  const pieces = async (text: string) => (await tokenizer.encode(text, { addSpecialTokens: false })).ids;
  const article = await pieces(example.article);
  const question = await pieces(example.question);
  const room = limit - 4; // [CLS] ... [SEP] [SEP] ... [SEP]
  if (question.length >= room) {
    throw new HeadsError(
      "INVALID_INPUT",
      `${label}: the question alone has ${question.length} word pieces; the model takes ${room} with the option`,
    );
  }
  const warnings: PipelineWarning[] = [];
  let articleCut = 0;
  const rows: number[][] = [];
  for (const [i, text] of example.options.entries()) {
    let option = await pieces(text);
    if (question.length + option.length > room) {
      warnings.push({
        code: "OPTION_TRUNCATED",
        message: `${label}: options[${i}] has ${option.length} word pieces; only ${room - question.length} fit beside the question`,
      });
      option = option.slice(0, room - question.length);
    }
    const articleRoom = room - question.length - option.length;
    articleCut = Math.max(articleCut, article.length - articleRoom);
    rows.push([cls.id, ...article.slice(0, articleRoom), ...question, sep.id, sep.id, ...option, sep.id]);
  }
  if (articleCut > 0) {
    warnings.unshift({
      code: "TRUNCATED",
      message: `${label}: the article has ${article.length} word pieces; up to its last ${articleCut} were not read`,
    });
  }
  return { rows, warnings };
}

/** `answerMultipleChoice` for HF's own multiple-choice head (global attention on the option, as HF). */
export async function answerHfMultipleChoiceBatch(
  model: HfLongformerForMultipleChoice,
  tokenizer: LongformerTokenizerCore,
  examples: MultipleChoiceExample[],
  label: (b: number) => string,
): Promise<MultipleChoiceAnswer[]> {
  const limit = modelTokenLimit(model.config);
  const encoded = await Promise.all(examples.map((ex, b) => encodeExample(tokenizer, ex, limit, label(b))));
  const seqLen = Math.max(...encoded.flatMap((e) => e.rows.map((r) => r.length)));
  const pad = tokenizer.specialTokens.pad.id;
  const inputIds = encoded.map((e) => e.rows.map((r) => [...r, ...new Array<number>(seqLen - r.length).fill(pad)]));
  const attentionMask = encoded.map((e) =>
    e.rows.map((r) => Array.from({ length: seqLen }, (_, i) => (i < r.length ? 1 : 0))),
  );
  // HF's rule (global on the option), given explicitly so a literal sep inside a text cannot break it.
  const globalAttentionMask = encoded.map((e) =>
    e.rows.map((r) => {
      const optionStart = r.lastIndexOf(tokenizer.specialTokens.sep.id, r.length - 2) + 1;
      return Array.from({ length: seqLen }, (_, i) => (i >= optionStart ? 1 : 0));
    }),
  );
  const out = model.forward({ inputIds, attentionMask, globalAttentionMask });
  const logits = takeLogits(out); // (batch, choices)
  const choices = (examples[0] as MultipleChoiceExample).options.length;
  checkFiniteLogits(logits, choices, "answerMultipleChoice", label);
  return examples.map((example, b) =>
    scoreChoices(
      example,
      logits.subarray(b * choices, (b + 1) * choices),
      (encoded[b] as { warnings: PipelineWarning[] }).warnings,
    ),
  );
}
