/**
 * There is no mini-size classification fixture: the benchmarks (heads' pool bench, the batch app's) write one into a
 * temporary directory (worker threads and processes load their model from a directory) as a converted checkpoint: mini-mlm's encoder plus a seeded random HAT
 * sequence-classification head (sentencizer, pooler, classifier; 2 labels), and mini-mlm's tokenizer files. Its labels
 * mean nothing; its cost per document is that of a real mini classifier, which is what is measured.
 */
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { COPIED_FILES, loadWeights, type WeightTensor } from "@longformer-ts/convert";

/** Deterministic values of HF's init scale (uniform, |x| < 0.035) for untrained heads. */
export function seededTensor(shape: number[], seed: number): WeightTensor {
  let s = seed >>> 0;
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = ((s / 2 ** 32) * 2 - 1) * 0.035;
  }
  return { dtype: "float32", shape, data };
}

export async function writeMiniClassifier(miniMlmDir: string, outDir: string): Promise<void> {
  const { config, weights } = await loadWeights(miniMlmDir);
  const hidden = config.hidden_size as number;
  const tensors = new Map([...weights].filter(([name]) => name.startsWith("longformer.")));
  const head: Array<[string, number[]]> = [
    ["sentencizer.dense.weight", [hidden, hidden]],
    ["sentencizer.dense.bias", [hidden]],
    ["pooler.dense.weight", [hidden, hidden]],
    ["pooler.dense.bias", [hidden]],
    ["classifier.weight", [2, hidden]],
    ["classifier.bias", [2]],
  ];
  head.forEach(([name, shape], i) => {
    tensors.set(name, seededTensor(shape, i + 1));
  });
  const specs = [...tensors].map(([name, t]) => ({ name, shape: t.shape, dtype: t.dtype }));
  const shard = Buffer.concat(
    [...tensors.values()].map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)),
  );
  const clsConfig = {
    ...config,
    architectures: ["LongformerModelForSequenceClassification"],
    id2label: { 0: "NEGATIVE", 1: "POSITIVE" },
    label2id: { NEGATIVE: 0, POSITIVE: 1 },
  };
  writeFileSync(join(outDir, "group1-shard1of1.bin"), shard);
  writeFileSync(
    join(outDir, "model.json"),
    JSON.stringify({
      format: "longformer-ts-weights",
      config: clsConfig,
      weightsManifest: [{ paths: ["group1-shard1of1.bin"], weights: specs }],
    }),
  );
  writeFileSync(join(outDir, "config.json"), JSON.stringify(clsConfig, null, 1));
  for (const file of COPIED_FILES) {
    if (file !== "config.json" && existsSync(join(miniMlmDir, file))) {
      copyFileSync(join(miniMlmDir, file), join(outDir, file));
    }
  }
}
