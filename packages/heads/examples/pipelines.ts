/**
 * Runs every pipeline once on the shared fixture checkpoints (random weights: the labels mean nothing, the
 * calls are real).
 *
 *   pnpm --filter @longformer-ts/heads example
 */
import { join } from "node:path";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { createPipeline } from "../src/index.js";

const models = join(longformerFixturesDir(), "models");

// fill-mask: the mini-1024 shape; `<mask>` (the model card's spelling) and `[MASK]` both work.
const fill = await createPipeline("fill-mask", join(models, "mini-mlm"), { backend: "wasm" });
const filled = await fill.fillMask("The keeper climbed the <mask> every night to light the [MASK].", { topK: 3 });
for (const mask of filled.masks) {
  console.log(mask.charStart, mask.predictions.map((p) => `${p.tokenStr} (${p.score.toFixed(4)})`).join(", "));
}
console.log(filled.masks[0]?.predictions[0]?.sequence, filled.warnings);
fill.dispose();

// Document classification (HAT sequence-classification head, labels from id2label).
const classify = await createPipeline("document-classification", join(models, "tiny-seqcls"));
const docs = ["The lighthouse stood on the rock for a century. Ships passed it safely.", "Market day again."];
for (const result of await classify.classifyDocument(docs))
  console.log(result.label, result.score.toFixed(4), result.warnings);
classify.dispose();

// Sequential sentence classification: one label per segment of whole sentences.
const tagger = await createPipeline("sentence-tagging", join(models, "tiny-sentcls"));
const { segments } = await tagger.tagSentences(
  "The study first describes how the samples were collected in the field. It then reports the measured values " +
    "for every site. A short discussion closes the paper.",
);
for (const s of segments) console.log(s.label, s.score.toFixed(4), JSON.stringify(s.text));
tagger.dispose();

// Multiple choice in HAT's QuALITY layout.
const mc = await createPipeline("multiple-choice", join(models, "tiny-mc"));
const answer = await mc.answerMultipleChoice({
  article: "The keepers lit the lamp at dusk and trimmed the wick at midnight.",
  question: "When was the lamp lit?",
  options: ["At dusk.", "At midnight.", "At dawn."],
});
console.log(
  answer.best,
  answer.scores.map((s) => s.score.toFixed(4)),
);
mc.dispose();

// HuggingFace's own heads (checkpoints written by transformers' save_pretrained), from the longformer-hf root.
const hfModels = join(longformerFixturesDir(), "..", "longformer-hf", "models");
const contract =
  "This Agreement is made on 5 March 2021 between Northwind Traders Limited and the Contoso Corporation. " +
  "The keeper of the records is the Contoso Corporation.";

// Extractive question answering: the best span with character offsets into the context.
const qa = await createPipeline("question-answering", join(hfModels, "tiny-hf-qa"));
const found = await qa.answerQuestion({ question: "Who keeps the records?", context: contract }, { topK: 3 });
console.log(JSON.stringify(found.answer), found.score.toFixed(4), found.start, found.end, found.windows);
qa.dispose();

// Token classification (NER) with HF's aggregation strategies.
const ner = await createPipeline("token-classification", join(hfModels, "tiny-hf-tokcls"));
const { entities } = await ner.tagTokens(contract, { aggregation: "first" });
for (const e of entities) console.log(e.entityGroup, e.score.toFixed(4), e.start, e.end, JSON.stringify(e.word));
ner.dispose();

// Document embeddings from the encoder of any checkpoint.
const embedder = await createPipeline("embeddings", join(hfModels, "tiny-hf-qa"));
const { embeddings, dimension } = await embedder.embed([contract, "Market day again."], { normalize: true });
const cosine = embeddings[0]!.reduce((sum, x, i) => sum + x * embeddings[1]![i]!, 0);
console.log(dimension, cosine.toFixed(4));
embedder.dispose();
