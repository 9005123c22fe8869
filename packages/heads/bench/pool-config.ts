/**
 * One configuration of the pool benchmark, run in its own process so that its peak RSS (`resourceUsage().maxRSS`,
 * which covers the worker threads) is its own: `--workers 0` is the in-process pipeline, N > 0 a pool of N workers.
 * Prints one JSON line: per-pass milliseconds (and the mean CPU milliseconds of a pass, all threads) for classifying the documents in `--docs` (a JSON file of texts).
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createPipeline, createPipelinePool } from "../src/index.js";

const { values: args } = parseArgs({
  options: {
    model: { type: "string" },
    docs: { type: "string" },
    workers: { type: "string", default: "1" },
    runs: { type: "string", default: "3" },
    "batch-size": { type: "string", default: "8" },
  },
});
const workers = Number(args.workers);
const runs = Number(args.runs);
const batchSize = Number(args["batch-size"]);
const docs = JSON.parse(readFileSync(args.docs as string, "utf8")) as string[];

async function main(): Promise<void> {
  const loadStart = performance.now();
  const classify =
    workers === 0
      ? await createPipeline("document-classification", args.model as string, { backend: "wasm" })
      : await createPipelinePool("document-classification", args.model as string, { backend: "wasm", workers });
  const loadMs = performance.now() - loadStart;
  const loadBefore = loadavg()[0];
  const ms: number[] = [];
  let cpuMs = 0;
  // The first pass warms up (wasm memory growth, kernel caches) and is not timed.
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const results = await classify.classifyDocument(docs, { batchSize });
    if (results.length !== docs.length) throw new Error("wrong number of results");
    if (i > 0) {
      ms.push(performance.now() - start);
      const cpu = process.cpuUsage(cpuStart);
      cpuMs += (cpu.user + cpu.system) / 1000;
    }
  }
  await classify.dispose();
  // CPU time of every thread of the process: cpuMs / wall ms says how many cores the configuration really got.
  const out = {
    workers,
    loadMs,
    ms,
    cpuMs: cpuMs / runs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    loadavg: [loadBefore, loadavg()[0]],
  };
  console.log(JSON.stringify(out));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
