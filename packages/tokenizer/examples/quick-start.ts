// Run from the repository root: pnpm --filter @longformer-ts/tokenizer exec tsx examples/quick-start.ts
import { join } from "node:path";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { LongformerTokenizer } from "@longformer-ts/tokenizer";

// any checkpoint directory with tokenizer.json (or vocab.txt) + config.json works; here the tiny HAT fixture (blocks of 16)
const tokenizer = await LongformerTokenizer.fromPretrained(join(longformerFixturesDir(), "models", "tiny-mlm"));

const text =
  "The lighthouse keeper climbed the stairs. A storm was coming from the west, and the lamp had to burn all night.";
const doc = await tokenizer.encodeDocument(text, { grouping: "sentences" });
console.log(doc.inputIds.join(" "));
console.log(doc.globalAttentionMask.join(""));
for (const block of doc.blocks) {
  console.log(
    `block ${block.index}: sentences ${block.sentenceIndices} "${text.slice(block.charStart, block.charEnd)}"`,
  );
}
console.log(doc.truncation);

const mc = await tokenizer.encodeMultipleChoice(
  { article: text, question: "Why did the lamp burn all night?", options: ["A storm.", "A party."] },
  { maxLength: 64 },
);
console.log(mc.inputIds.length, mc.inputIds[0]?.length, mc.questionStart, mc.optionStart);
