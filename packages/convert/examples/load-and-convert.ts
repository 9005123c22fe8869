// Run from the repository root: pnpm --filter @longformer-ts/convert exec tsx examples/load-and-convert.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { convert, loadWeights } from "../src/index.js";

const mini = join(longformerFixturesDir(), "models", "mini-mlm"); // an HF directory with an F16 model.safetensors

// Read the raw HF directory directly ...
const { config, weights, format } = await loadWeights(mini);
console.log(format, config.hidden_size, weights.get("longformer.embeddings.word_embeddings.weight")?.shape);

// ... or convert it once to TF.js weights and load those. The scratch directory (42 MB) is removed at the end.
const scratch = mkdtempSync(join(tmpdir(), "mini-tfjs-"));
try {
  const out = join(scratch, "mini-tfjs");
  const summary = await convert(mini, out, { dtype: "float16" });
  console.log(summary.tensors, summary.parameters, summary.bytes, summary.shards);
  const converted = await loadWeights(out, { keepFloat16: true });
  console.log(converted.format, converted.weights.get("lm_head.bias")?.dtype);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
