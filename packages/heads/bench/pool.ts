/**
 * Pool benchmark: `classifyDocument` over 16 documents of 1024 tokens on wasm (mini-mlm shape, seeded random
 * classification head), in-process and with pools of 1, 2 and all cores' workers. Each configuration runs in its own
 * process (bench/pool-config.ts) so its peak RSS is its own; with `--rounds R` the configurations are run R times,
 * interleaved, so that a slow phase of a shared machine hits every configuration (the table shows the best round's
 * median and every round's). Speedups are against the 1-worker pool of the same round.
 *
 *   pnpm --filter @longformer-ts/heads bench:pool [-- --runs 3 --rounds 2 --batch-size 8]
 *
 * Prints a table and writes bench-results/heads-pool.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeMiniClassifier } from "@longformer-ts/bench-models";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { LongformerTokenizer } from "@longformer-ts/tokenizer";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    runs: { type: "string", default: "3" },
    rounds: { type: "string", default: "1" },
    "batch-size": { type: "string", default: "8" },
  },
});
const DOCS = 16;
const here = dirname(fileURLToPath(import.meta.url));

interface ConfigRun {
  workers: number;
  loadMs: number;
  ms: number[];
  /** CPU time of a pass, all threads */
  cpuMs: number;
  maxRssMb: number;
  loadavg: [number, number];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function runConfig(model: string, docsFile: string, workers: number): ConfigRun {
  const child = spawnSync(
    process.execPath,
    [
      "--conditions=source",
      "--import",
      "tsx",
      join(here, "pool-config.ts"),
      "--model",
      model,
      "--docs",
      docsFile,
      "--workers",
      String(workers),
      "--runs",
      args.runs as string,
      "--batch-size",
      args["batch-size"] as string,
    ],
    { encoding: "utf8", cwd: join(here, "..") },
  );
  if (child.status !== 0) throw new Error(`configuration workers=${workers} failed:\n${child.stderr}`);
  const line = child.stdout.trim().split("\n").pop() as string;
  return JSON.parse(line) as ConfigRun;
}

async function main(): Promise<void> {
  const mini = join(longformerFixturesDir(), "models", "mini-mlm");
  const texts = JSON.parse(readFileSync(join(longformerFixturesDir(), "golden", "texts.json"), "utf8")) as {
    texts: { lighthouse: string; market: string };
  };
  // Sixteen different documents, each longer than 1024 tokens (cut to exactly 1024 by the pipeline).
  const corpus = `${texts.texts.lighthouse} ${texts.texts.market}`;
  const docs = Array.from({ length: DOCS }, (_, k) => `${corpus.slice(k * 250)} ${corpus.slice(0, k * 250)}`);
  const tokenizer = await LongformerTokenizer.fromPretrained(mini);
  for (const doc of docs) {
    const layout = await tokenizer.encodeDocument(doc, { grouping: "sentences", padding: "maxLength" });
    if (layout.inputIds.length !== 1024 || !layout.truncation.truncated) throw new Error("not a 1024-token document");
  }

  const dir = mkdtempSync(join(tmpdir(), "heads-pool-bench-"));
  try {
    await writeMiniClassifier(mini, dir);
    const docsFile = join(dir, "docs.json");
    writeFileSync(docsFile, JSON.stringify(docs));
    const cores = availableParallelism();
    const configs = [...new Set([0, 1, 2, cores])];
    const rounds: ConfigRun[][] = [];
    for (let r = 0; r < Number(args.rounds); r++) {
      rounds.push(configs.map((workers) => runConfig(dir, docsFile, workers)));
    }
    report(configs, rounds, cores);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(configs: number[], rounds: ConfigRun[][], cores: number): void {
  const rows = configs.map((workers, c) => {
    const perRound = rounds.map((round) => {
      const run = round[c] as ConfigRun;
      const base = round[configs.indexOf(1)] as ConfigRun;
      const docsPerSecond = (1000 * DOCS) / median(run.ms);
      const speedup = median(base.ms) / median(run.ms);
      const coresUsed = run.cpuMs / (run.ms.reduce((a, b) => a + b, 0) / run.ms.length);
      return {
        medianMs: median(run.ms),
        docsPerSecond,
        speedup,
        coresUsed,
        cpuSecondsPerDoc: run.cpuMs / 1000 / DOCS,
        maxRssMb: run.maxRssMb,
        loadavg: run.loadavg,
        ms: run.ms,
      };
    });
    const best = perRound.reduce((a, b) => (b.docsPerSecond > a.docsPerSecond ? b : a));
    const speedups = perRound.map((r) => r.speedup);
    return {
      configuration:
        workers === 0
          ? "in-process pipeline"
          : `pool, ${workers} worker${workers > 1 ? "s" : ""}${workers === cores ? " (all cores)" : ""}`,
      workers,
      docsPerSecond: best.docsPerSecond,
      medianMs: best.medianMs,
      /** against the 1-worker pool of the same round; the median over rounds */
      speedupVs1Worker: median(speedups),
      speedupPerAddedCore: workers > 1 ? (median(speedups) - 1) / (workers - 1) : undefined,
      peakRssMb: Math.max(...perRound.map((r) => r.maxRssMb)),
      /** CPU time per pass / wall time per pass: the cores the configuration actually got (median over rounds) */
      coresUsed: median(perRound.map((r) => r.coresUsed)),
      cpuSecondsPerDoc: median(perRound.map((r) => r.cpuSecondsPerDoc)),
      rounds: perRound,
    };
  });
  const header = [
    "configuration",
    "docs/s",
    "median ms / 16 docs",
    "speedup vs 1 worker",
    "per added core",
    "peak RSS MB",
    "cores used",
    "CPU s / doc",
    "load avg",
  ];
  const table = rows.map((r) => [
    r.configuration,
    r.docsPerSecond.toFixed(2),
    r.medianMs.toFixed(0),
    `${r.speedupVs1Worker.toFixed(2)}x`,
    r.speedupPerAddedCore === undefined ? "-" : `+${r.speedupPerAddedCore.toFixed(2)}x`,
    r.peakRssMb.toFixed(0),
    r.coresUsed.toFixed(2),
    r.cpuSecondsPerDoc.toFixed(2),
    r.rounds.map((x) => x.loadavg.map((l) => l.toFixed(1)).join("-")).join(", "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => (t[i] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(
    `classifyDocument, ${DOCS} x 1024 tokens, wasm, mini-mlm shape, batchSize ${args["batch-size"]} (${cores} cores: ${cpus()[0]?.model ?? "?"}; load average now ${loadavg()[0]?.toFixed(2)})`,
  );
  console.log(line(header));
  for (const t of table) console.log(line(t));
  const outDir = join(here, "..", "bench-results");
  mkdirSync(outDir, { recursive: true });
  const result = {
    package: "@longformer-ts/heads",
    benchmark: "classifyDocument over a worker pool",
    documents: DOCS,
    tokensPerDocument: 1024,
    batchSize: Number(args["batch-size"]),
    runsPerRound: Number(args.runs),
    backend: "wasm",
    shape: "mini-mlm (6 layers, hidden 256, 4 heads, window 128, 1024 tokens)",
    classifierHead: "seeded random weights (sentencizer, pooler, classifier, 2 labels), pooling max",
    node: process.version,
    cpu: cpus()[0]?.model,
    cores,
    date: new Date().toISOString(),
    rows,
  };
  writeFileSync(join(outDir, "heads-pool.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${join("bench-results", "heads-pool.json")}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
