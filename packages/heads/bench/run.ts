/**
 * Pipeline benchmark on wasm at the mini-mlm shape (the kiddothe2b/longformer-mini-1024 encoder: 6 layers,
 * hidden 256, window 128, 1024 tokens):
 * - classifyDocument on 1024-token documents, batch 1 and batch 8 (documents/s, tokenization included);
 * - fillMask with one mask in a 1024-token document (latency).
 * The encoder weights are mini-mlm's; the classification head (sentencizer, pooler, classifier, 2 labels) has
 * seeded random weights: timing only, the labels mean nothing.
 *
 *   pnpm --filter @longformer-ts/heads bench [-- --runs 5 --kernel auto --full-logits]
 *
 * Prints a table and writes bench-results/heads.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { seededTensor } from "@longformer-ts/bench-models";
import { loadWeights, type WeightMap } from "@longformer-ts/convert";
import { parseLongformerConfig, useBackend } from "@longformer-ts/encoder";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { LongformerTokenizer } from "@longformer-ts/tokenizer";
import * as tf from "@tensorflow/tfjs-core";
import {
  DocumentClassificationPipeline,
  disposeOutput,
  FillMaskPipeline,
  LongformerForMaskedLM,
  LongformerForSequenceClassification,
} from "../src/index.js";

const { values: args } = parseArgs({
  // pnpm passes the "--" separator through.
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    runs: { type: "string", default: "5" },
    kernel: { type: "string", default: "auto" },
    "full-logits": { type: "boolean", default: false },
    "fresh-models": { type: "boolean", default: false },
  },
});
/**
 * `--fresh-models`: every timed call runs on a newly built model (build time excluded). Needed while the attention
 * package disposes its cached fused kernel weights at the end of a model's first forward.
 */
const FRESH = args["fresh-models"];
const RUNS = Number(args.runs);
const KERNEL = args.kernel as "auto";

interface Row {
  benchmark: string;
  batch: number;
  runs: number;
  medianMs: number;
  minMs: number;
  /** documents per second from the median (classification rows) */
  docsPerSecond?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * One warm-up call (wasm memory growth, kernel caches), then `runs` timed calls of `fn` on the subject `make`
 * builds: once for all calls, or anew for each call with `--fresh-models` (building is not timed).
 */
async function time<P extends { dispose(): void }>(
  runs: number,
  make: () => P,
  fn: (subject: P) => Promise<unknown>,
): Promise<number[]> {
  const shared = FRESH ? undefined : make();
  const ms: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const subject = shared ?? make();
    const start = performance.now();
    await fn(subject);
    if (i > 0) ms.push(performance.now() - start);
    if (!shared) subject.dispose();
  }
  shared?.dispose();
  return ms;
}

function withRandomClassifier(weights: WeightMap, hidden: number, labels: number): WeightMap {
  const out: WeightMap = new Map([...weights].filter(([name]) => name.startsWith("longformer.")));
  out.set("sentencizer.dense.weight", seededTensor([hidden, hidden], 1));
  out.set("sentencizer.dense.bias", seededTensor([hidden], 2));
  out.set("pooler.dense.weight", seededTensor([hidden, hidden], 3));
  out.set("pooler.dense.bias", seededTensor([hidden], 4));
  out.set("classifier.weight", seededTensor([labels, hidden], 5));
  out.set("classifier.bias", seededTensor([labels], 6));
  return out;
}

async function main(): Promise<void> {
  await useBackend("wasm");
  const dir = join(longformerFixturesDir(), "models", "mini-mlm");
  const texts = JSON.parse(readFileSync(join(longformerFixturesDir(), "golden", "texts.json"), "utf8")) as {
    texts: { lighthouse: string; market: string };
  };
  const loaded = await loadWeights(dir);
  const config = parseLongformerConfig(loaded.config);
  const tokenizer = await LongformerTokenizer.fromPretrained(dir);

  // Eight different documents, each longer than 1024 tokens (cut to exactly 1024 by the pipeline).
  const corpus = `${texts.texts.lighthouse} ${texts.texts.market}`;
  const docs = Array.from({ length: 8 }, (_, k) => `${corpus.slice(k * 500)} ${corpus.slice(0, k * 500)}`);
  const clsConfig = parseLongformerConfig({
    ...loaded.config,
    architectures: ["LongformerModelForSequenceClassification"],
    id2label: { 0: "NEGATIVE", 1: "POSITIVE" },
    label2id: { NEGATIVE: 0, POSITIVE: 1 },
  });
  const classifierWeights = withRandomClassifier(loaded.weights, 256, 2);
  const makeClassifier = () =>
    new DocumentClassificationPipeline(
      LongformerForSequenceClassification.fromWeights(clsConfig, classifierWeights, { kernel: KERNEL }),
      tokenizer,
    );
  const makeFill = () =>
    new FillMaskPipeline(LongformerForMaskedLM.fromWeights(config, loaded.weights, { kernel: KERNEL }), tokenizer);

  const layout = await tokenizer.encodeDocument(docs[0] as string, { grouping: "sentences", padding: "maxLength" });
  if (layout.inputIds.length !== 1024 || !layout.truncation.truncated) {
    throw new Error("benchmark documents are not 1024-token documents");
  }
  const tensorsBefore = tf.memory().numTensors;

  const rows: Row[] = [];
  const row = (benchmark: string, batch: number, ms: number[], docs?: number): Row => ({
    benchmark,
    batch,
    runs: ms.length,
    medianMs: median(ms),
    minMs: Math.min(...ms),
    ...(docs ? { docsPerSecond: (1000 * docs) / median(ms) } : {}),
  });
  const batch1 = await time(RUNS, makeClassifier, (p) => p.classifyDocument(docs[0] as string));
  rows.push(row("classifyDocument, 1024 tokens", 1, batch1, 1));
  const batch8 = await time(Math.max(2, Math.ceil(RUNS / 2)), makeClassifier, (p) =>
    p.classifyDocument(docs, { batchSize: 8 }),
  );
  rows.push(row("classifyDocument, 1024 tokens", 8, batch8, 8));

  const masked = texts.texts.lighthouse.replace(" open fire", " [MASK] fire");
  const fillMs = await time(RUNS * 2, makeFill, (p) => p.fillMask(masked, { topK: 5 }));
  rows.push(row("fillMask, 1 mask, 1024 tokens", 1, fillMs));

  // What fill-mask avoids: projecting all 1024 positions onto the 30,522-word vocabulary.
  const doc = await tokenizer.encodeDocument(masked, { grouping: "uniform" });
  const inputs = { inputIds: [doc.inputIds], attentionMask: [doc.attentionMask] };
  const makeMlm = () => LongformerForMaskedLM.fromWeights(config, loaded.weights, { kernel: KERNEL });
  const maskOnly = await time(RUNS, makeMlm, async (m) => disposeOutput(m.forward(inputs, { maskTokenId: 103 })));
  rows.push(row("MaskedLM forward, mask row projected", 1, maskOnly));
  if (args["full-logits"]) {
    const full = await time(1, makeMlm, async (m) => disposeOutput(m.forward(inputs, { fullLogits: true })));
    rows.push(row("MaskedLM forward, fullLogits (1024 x 30522)", 1, full));
  }
  if (tf.memory().numTensors !== tensorsBefore) throw new Error("tensor leak during the benchmark");

  const header = ["benchmark", "batch", "runs", "median ms", "min ms", "docs/s"];
  const table = rows.map((r) => [
    r.benchmark,
    String(r.batch),
    String(r.runs),
    r.medianMs.toFixed(1),
    r.minMs.toFixed(1),
    r.docsPerSecond?.toFixed(2) ?? "-",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => (t[i] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(
    `@longformer-ts/heads on wasm, mini-mlm shape (kernel ${KERNEL}, ${cpus().length} cores: ${cpus()[0]?.model ?? "?"})`,
  );
  console.log("classification head: seeded random weights (timing only)");
  console.log(line(header));
  for (const t of table) console.log(line(t));

  const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "bench-results");
  mkdirSync(outDir, { recursive: true });
  const result = {
    package: "@longformer-ts/heads",
    backend: "wasm",
    kernel: KERNEL,
    freshModelPerCall: FRESH,
    shape: "mini-mlm (6 layers, hidden 256, 4 heads, window 128, 1024 tokens)",
    classifierHead: "seeded random weights (sentencizer, pooler, classifier, 2 labels), pooling max",
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    date: new Date().toISOString(),
    rows,
  };
  writeFileSync(join(outDir, "heads.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${join("bench-results", "heads.json")}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
