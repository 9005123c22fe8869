/**
 * Runs the mini-mlm fixture encoder on a short HAT-style document.
 *   pnpm --filter @longformer-ts/encoder exec tsx --conditions=source examples/encode.ts
 */
import { join } from "node:path";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { LongformerModel } from "../src/index.js";

const model = await LongformerModel.fromPretrained(join(longformerFixturesDir(), "models", "mini-mlm"), {
  backend: "wasm",
});
// [CLS] the lighthouse keeper [SEP] ... ; global attention on [CLS] and [SEP], as HAT does
const inputIds = [[101, 1996, 7548, 10684, 102, 2002, 2165, 1996, 2422, 102]];
const globalAttentionMask = [inputIds[0]!.map((id) => (id === 101 || id === 102 ? 1 : 0))];
const out = model.forward({ inputIds, globalAttentionMask }, { outputAttentions: true });
console.log(out.lastHiddenState.shape); // [ 1, 10, 256 ]
console.log(out.attentions?.[0]?.shape); // [ 1, 4, 10, 132 ]  (G = 3 global slots + 128 + 1)
console.log(out.globalAttentions?.[0]?.shape); // [ 1, 4, 128, 3 ]  (internal padded length 128, not cut back)
out.lastHiddenState.dispose();
for (const t of [...(out.attentions ?? []), ...(out.globalAttentions ?? [])]) t.dispose();
model.dispose();
