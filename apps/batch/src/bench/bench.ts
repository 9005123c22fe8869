/**
 * `pnpm --filter @longformer-ts/app-batch bench [-- --docs 200 --workers 1,2 --direct 10 --overhead-jobs 500]`
 *
 * On a real redis-server (started on a free 127.0.0.1 port, stopped at the end): docs/s of 1 and 2 worker processes
 * on a mini-size classifier (mini-mlm's encoder, a seeded random head) over documents of ~1,000 tokens (cut to the
 * model's 1,024), the pipeline called directly in one process for comparison, and the queue's own cost per job
 * (BullMQ fetch, lock, result write, acknowledgement) with no model at all. Table on stdout, JSON in
 * bench-results/batch.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import "@tensorflow/tfjs-backend-wasm";
import { writeMiniClassifier } from "@longformer-ts/bench-models";
import { DocumentClassificationPipeline } from "@longformer-ts/heads";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { QueueStore } from "../queue-store.js";
import { tempDir, writeJsonl } from "../testing/corpus.test-util.js";
import { startRedis } from "../testing/redis-server.test-util.js";
import { runBatch } from "../testing/run.test-util.js";
import { killAll, spawnCli } from "../testing/workers.test-util.js";

// `pnpm bench -- --docs 20` hands the `--` through.
const argv = process.argv.slice(2).filter((a, i) => !(i === 0 && a === "--"));
const { values: args } = parseArgs({
  args: argv,
  options: {
    docs: { type: "string", default: "200" },
    workers: { type: "string", default: "1,2" },
    direct: { type: "string", default: "10" },
    "overhead-jobs": { type: "string", default: "500" },
  },
});
const DOCS = Number(args.docs);
const WORKERS = (args.workers ?? "1,2").split(",").map(Number);
const DIRECT = Number(args.direct);
const OVERHEAD_JOBS = Number(args["overhead-jobs"]);

/** Documents longer than the model reads, each different (rotations of the fixtures' two long texts). */
function longDocuments(n: number): Array<{ id: string; text: string }> {
  const { texts } = JSON.parse(readFileSync(join(longformerFixturesDir(), "golden", "texts.json"), "utf8")) as {
    texts: { lighthouse: string; market: string };
  };
  const corpus = `${texts.lighthouse} ${texts.market}`;
  return Array.from({ length: n }, (_, k) => {
    const cut = (k * 211) % corpus.length;
    return { id: `doc-${k}`, text: `${corpus.slice(cut)} ${corpus.slice(0, cut)}` };
  });
}

async function directMsPerDoc(model: string, docs: Array<{ text: string }>): Promise<number> {
  await tf.setBackend("wasm");
  const pipeline = await DocumentClassificationPipeline.fromPretrained(model, { backend: "wasm" });
  await pipeline.classifyDocument(docs[0]!.text); // warm-up (kernel compilation)
  const started = performance.now();
  for (const d of docs) await pipeline.classifyDocument(d.text);
  const ms = (performance.now() - started) / docs.length;
  pipeline.dispose();
  return ms;
}

async function workersRun(redisUrl: string, model: string, corpusFile: string, workers: number, queue: string) {
  const q = ["--redis", redisUrl, "--queue", queue];
  const enq = await runBatch(["enqueue", ...q, "--task", "classify", "--model", model, corpusFile]);
  if (enq.status !== 0) throw new Error(enq.stderr);
  const started = performance.now();
  const procs = Array.from({ length: workers }, () => spawnCli(["work", ...q, "--until-done"]));
  const exits = await Promise.all(procs.map((p) => p.exited));
  const wallSeconds = (performance.now() - started) / 1000;
  if (exits.some((e) => e.code !== 0)) throw new Error(procs.map((p) => p.stderr()).join("\n"));
  const redis = new Redis(redisUrl);
  const store = new QueueStore(redis, queue);
  const counts = await store.counts();
  const pipelineMs: number[] = [];
  for await (const entry of store.linesInOrder()) if (entry.line) pipelineMs.push(JSON.parse(entry.line).ms);
  await redis.quit();
  if (counts.done !== DOCS) throw new Error(`expected ${DOCS} results, found ${counts.done}`);
  // From the first stored result to the last: the steady rate, without process start and model load.
  const span = ((counts.last ?? 0) - (counts.first ?? 0)) / 1000;
  const msPerDoc = (span * 1000) / (counts.done - 1);
  // The worker's time in the pipeline, measured in the same process at the same moment: what is left of the
  // time per job is the queue's share, whatever the load on the machine.
  const meanPipelineMs = pipelineMs.slice(1).reduce((a, b) => a + b, 0) / (pipelineMs.length - 1);
  return {
    workers,
    docsPerSecond: (counts.done - 1) / span,
    wallSeconds,
    msPerDoc,
    meanPipelineMs,
    // Only meaningful for one worker: with several, their start times differ and the span mixes phases.
    overheadMsPerJob: workers === 1 ? msPerDoc - meanPipelineMs : null,
  };
}

/** The queue alone: the same store-then-acknowledge path as `work`, with no inference (in-process worker). */
async function queueOverheadMs(redisUrl: string, jobs: number): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const name = "bench-overhead";
  const queue = new Queue(name, { connection: redis });
  const store = new QueueStore(redis, name);
  const data = Array.from({ length: jobs }, (_, i) => ({ id: `j${i}`, text: "x".repeat(5000) }));
  await queue.addBulk(
    data.map((d) => ({ name: "classify", data: d, opts: { jobId: `doc-${d.id}`, removeOnComplete: true } })),
  );
  const result = { label: "NEGATIVE", score: 0.5, scores: [], labels: ["NEGATIVE"] };
  let done = 0;
  let started = 0;
  let resolveDone: (ms: number) => void = () => {};
  const finished = new Promise<number>((resolve) => {
    resolveDone = resolve;
  });
  const worker = new Worker<{ id: string }>(
    name,
    async (job) => {
      if (done === 0) started = performance.now();
      await store.store({ id: job.data.id, status: "done", result, warnings: [], worker: "bench", ms: 0 });
      if (++done === jobs) resolveDone((performance.now() - started) / (jobs - 1));
    },
    { connection: redis, concurrency: 1 },
  );
  const ms = await finished;
  await worker.close();
  await queue.close();
  await redis.quit();
  return ms;
}

async function main(): Promise<void> {
  const tmp = tempDir("batch-bench-");
  const redis = await startRedis();
  try {
    const model = join(tmp.dir, "mini-seqcls");
    mkdirSync(model);
    await writeMiniClassifier(join(longformerFixturesDir(), "models", "mini-mlm"), model);
    const docs = longDocuments(DOCS);
    const corpusFile = writeJsonl(join(tmp.dir, "corpus.jsonl"), docs);
    console.log(
      `model: mini-mlm encoder + seeded random HAT classification head; ${DOCS} documents cut to 1024 tokens`,
    );
    console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), backend wasm`);

    const directMs = await directMsPerDoc(model, docs.slice(0, DIRECT));
    const runs = [];
    for (const n of WORKERS) runs.push(await workersRun(redis.url, model, corpusFile, n, `bench-${n}`));
    const overheadMs = await queueOverheadMs(redis.url, OVERHEAD_JOBS);

    console.log(
      "\n| run | docs/s | ms/doc | ms in the pipeline per doc | queue ms per job | wall s (incl. start + model load) |",
    );
    console.log("|---|---|---|---|---|---|");
    console.log(
      `| pipeline called directly (${DIRECT} docs) | ${(1000 / directMs).toFixed(2)} | ${directMs.toFixed(0)} | ${directMs.toFixed(0)} | - | - |`,
    );
    for (const r of runs) {
      console.log(
        `| ${r.workers} worker${r.workers > 1 ? "s" : ""} (${DOCS} docs) | ${r.docsPerSecond.toFixed(2)} | ${r.msPerDoc.toFixed(0)} | ${r.meanPipelineMs.toFixed(0)} | ${r.overheadMsPerJob === null ? "-" : r.overheadMsPerJob.toFixed(1)} | ${r.wallSeconds.toFixed(1)} |`,
      );
    }
    console.log(
      `\nqueue alone, no model (${OVERHEAD_JOBS} jobs, 1 in-process worker): ${overheadMs.toFixed(2)} ms per job`,
    );
    console.log("queue ms per job (1 worker) = ms/doc - ms in the pipeline (the worker's own clock, same moment)");

    mkdirSync("bench-results", { recursive: true });
    writeFileSync(
      join("bench-results", "batch.json"),
      `${JSON.stringify({ date: new Date().toISOString(), docs: DOCS, cores: cpus().length, directMsPerDoc: directMs, runs, queueOverheadMsPerJob: overheadMs }, null, 2)}\n`,
    );
  } finally {
    await killAll();
    await redis.stop();
    tmp.cleanup();
  }
}

await main();
process.exit(0);
