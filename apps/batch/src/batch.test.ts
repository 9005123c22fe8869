import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-wasm";
import { createPipeline, DocumentClassificationPipeline } from "@longformer-ts/heads";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCorpus, tempDir, writeJsonl } from "./testing/corpus.test-util.js";
import { type RedisServer, startRedis } from "./testing/redis-server.test-util.js";
import { runBatch } from "./testing/run.test-util.js";
import { killAll, spawnCli } from "./testing/workers.test-util.js";

const models = join(longformerFixturesDir(), "models");
const seqcls = join(models, "tiny-seqcls");
const sentcls = join(models, "tiny-sentcls");
const mlm = join(models, "tiny-mlm");

const CORPUS = makeCorpus(40);
let redis: RedisServer;
const tmp = tempDir("batch-e2e-");
let expected: Array<{ id: string; result: unknown; warnings: unknown }>;

beforeAll(async () => {
  redis = await startRedis();
  writeJsonl(join(tmp.dir, "corpus.jsonl"), CORPUS);
  const pipeline = await DocumentClassificationPipeline.fromPretrained(seqcls, { backend: "wasm" });
  expected = [];
  // One call per document, as a worker makes them (warnings name the text's place in its call).
  for (const { id, text } of CORPUS) {
    const { warnings, ...result } = await pipeline.classifyDocument(text);
    expected.push({ id, result, warnings });
  }
  pipeline.dispose();
});

afterAll(async () => {
  await killAll();
  await redis?.stop();
  tmp.cleanup();
});

const batch = (argv: string[]) => runBatch(argv, { cwd: tmp.dir });
const lines = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("enqueue -> work -> collect", () => {
  it("two worker processes reproduce classifyDocument for every document, in input order", async () => {
    const q = ["--redis", redis.url, "--queue", "e2e"];
    const enq = await batch(["enqueue", ...q, "--task", "classify", "--model", seqcls, "corpus.jsonl", "--json"]);
    expect(enq.stderr).toBe("");
    expect(enq.status).toBe(0);
    expect(JSON.parse(enq.stdout)).toMatchObject({ read: 40, added: 40, skipped: 0, rejected: 0, task: "classify" });

    const workers = [0, 1].map((i) =>
      spawnCli(["work", ...q, "--until-done", "--json", "--out", join(tmp.dir, `worker-${i}.jsonl`)]),
    );
    const exits = await Promise.all(workers.map((w) => w.exited));
    expect(exits, workers.map((w) => w.stderr()).join("\n")).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    const reports = workers.map((w) => JSON.parse(w.stdout()));
    expect(reports[0].done + reports[1].done).toBe(40);

    const out = await batch(["collect", ...q, "--out", "results.jsonl"]);
    expect(out.status).toBe(0);
    expect(out.stderr).toBe("collected 40 lines (40 done, 0 failed) from queue e2e\n");
    const collected = lines(readFileSync(join(tmp.dir, "results.jsonl"), "utf8"));
    expect(collected.map(({ id, result, warnings }) => ({ id, result, warnings }))).toEqual(expected);
    expect(collected.every((l) => l.status === "done")).toBe(true);
    expect(expected.some((e) => (e.warnings as unknown[]).length > 0)).toBe(true); // cut documents say so
    // Each worker's own file holds the lines it wrote; together they are the corpus.
    const perWorker = [0, 1].flatMap((i) => lines(readFileSync(join(tmp.dir, `worker-${i}.jsonl`), "utf8")));
    expect(perWorker.map((l) => l.id).sort()).toEqual(CORPUS.map((d) => d.id).sort());

    const status = await batch(["status", ...q, "--json"]);
    expect(JSON.parse(status.stdout)).toMatchObject({ total: 40, waiting: 0, active: 0, done: 40, failed: 0 });
    expect(JSON.parse(status.stdout).docsPerSecond).toBeGreaterThan(0);
  });

  it("enqueueing the same corpus twice adds nothing, also after its jobs are done and removed", async () => {
    const q = ["--redis", redis.url, "--queue", "twice"];
    const args = ["enqueue", ...q, "--task", "classify", "--model", seqcls, "--json"];
    const first = await batch([...args, "corpus.jsonl"]);
    const again = await batch([...args, "corpus.jsonl", "corpus.jsonl"]);
    expect(JSON.parse(first.stdout)).toMatchObject({ added: 40, skipped: 0 });
    expect(JSON.parse(again.stdout)).toMatchObject({ read: 80, added: 0, skipped: 80 });
    const before = JSON.parse((await batch(["status", ...q, "--json"])).stdout);
    expect(before).toMatchObject({ total: 40, waiting: 40, done: 0 });

    const early = await batch(["collect", ...q]);
    expect(early.status).toBe(1);
    expect(early.stdout).toBe("");
    expect(early.stderr).toMatch(/error \[INCOMPLETE\]: 40 of 40 documents are not finished yet/);

    expect((await batch(["work", ...q, "--until-done"])).status).toBe(0);
    const after = await batch([...args, "corpus.jsonl"]);
    expect(JSON.parse(after.stdout)).toMatchObject({ added: 0, skipped: 40 });
    expect(JSON.parse((await batch(["status", ...q, "--json"])).stdout)).toMatchObject({
      total: 40,
      waiting: 0,
      done: 40,
    });
    const watch = await batch(["status", ...q, "--watch", "50"]);
    expect(watch.stderr).toMatch(/^40\/40 docs, failed 0, [\d.]+ docs\/s, ETA 0s\n$/);
    expect(watch.stdout).toMatch(/waiting 0 {2}active 0 {2}delayed 0 {2}done 40 {2}failed 0\n/);
    const collected = lines((await batch(["collect", ...q])).stdout);
    expect(collected.map((l) => l.id)).toEqual(CORPUS.map((d) => d.id));
  });

  it("tags sentences, fills masks and embeds documents with their pipelines; a directory of .txt files is a corpus", async () => {
    const docs = tempDir("batch-txt-");
    try {
      writeFileSync(join(docs.dir, "a.txt"), "The keeper climbed the <mask> every night. Boats tie up along the quay.");
      writeFileSync(join(docs.dir, "b.txt"), "A lighthouse stands on the [MASK]. The market opens early.");
      for (const [queue, task, model] of [
        ["tag", "tag", sentcls],
        ["fill", "fill-mask", mlm],
      ] as const) {
        const q = ["--redis", redis.url, "--queue", queue];
        expect((await batch(["enqueue", ...q, "--task", task, "--model", model, docs.dir])).status).toBe(0);
        expect((await batch(["work", ...q, "--until-done"])).status).toBe(0);
        const collected = lines((await batch(["collect", ...q])).stdout);
        expect(collected.map((l) => [l.id, l.status])).toEqual([
          ["a.txt", "done"],
          ["b.txt", "done"],
        ]);
        if (task === "tag") expect(collected[0].result.segments.length).toBeGreaterThan(0);
        else expect(collected[1].result.masks[0].predictions).toHaveLength(5);
      }
      // Embeddings: any checkpoint's encoder (here a sequence classifier's), the pipeline's own vectors.
      const q = ["--redis", redis.url, "--queue", "embed"];
      expect((await batch(["enqueue", ...q, "--task", "embed", "--model", seqcls, docs.dir])).status).toBe(0);
      expect((await batch(["work", ...q, "--until-done"])).status).toBe(0);
      const collected = lines((await batch(["collect", ...q])).stdout);
      const embedder = await createPipeline("embeddings", seqcls, { backend: "wasm" });
      try {
        const texts = ["a.txt", "b.txt"].map((name) => readFileSync(join(docs.dir, name), "utf8"));
        const direct = await embedder.embed(texts, { pooling: "mean", normalize: true });
        expect(collected.map((l) => l.id)).toEqual(["a.txt", "b.txt"]);
        collected.forEach((line, i) => {
          expect(line.result.dimension).toBe(direct.dimension);
          expect(line.result.embedding).toHaveLength(direct.dimension);
          const norm = Math.hypot(...(line.result.embedding as number[]));
          expect(norm).toBeCloseTo(1, 5);
          (line.result.embedding as number[]).forEach((v, j) => {
            expect(v).toBeCloseTo(direct.embeddings[i]![j]!, 5);
          });
        });
      } finally {
        embedder.dispose();
      }
    } finally {
      docs.cleanup();
    }
  });
});

describe("refusals", () => {
  it.each([
    [
      ["--task", "tag", "--model", seqcls],
      2,
      /error \[WRONG_HEAD\]: .*is a document-classification checkpoint; --task tag needs sentence-tagging/,
    ],
    [["--task", "classify", "--model", "./nope"], 1, /error \[MODEL_NOT_FOUND\]/],
    [["--task", "summarize", "--model", seqcls], 2, /Allowed choices are classify, tag, fill-mask, embed/],
  ])("enqueue %j exits with %i", async (args, code, message) => {
    const run = await batch(["enqueue", "--redis", redis.url, "--queue", "refused", ...args, "corpus.jsonl"]);
    expect(run.stderr).toMatch(message);
    expect(run.status).toBe(code);
  });

  it("a queue keeps its task and model: another model is refused at enqueue and by workers", async () => {
    const q = ["--redis", redis.url, "--queue", "owned"];
    expect((await batch(["enqueue", ...q, "--task", "fill-mask", "--model", mlm, "corpus.jsonl"])).status).toBe(0);
    const other = await batch(["enqueue", ...q, "--task", "classify", "--model", seqcls, "corpus.jsonl"]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(
      /error \[QUEUE_MISMATCH\]: queue owned already runs --task fill-mask .* differs in task, modelFingerprint/,
    );
    const worker = await batch(["work", ...q, "--model", seqcls, "--until-done"]);
    expect(worker.status).toBe(1);
    expect(worker.stderr).toMatch(/error \[MODEL_MISMATCH\]: .*tiny-seqcls is not the model of queue owned/);
  });

  it("names what is missing: an unknown queue, an unreachable Redis, bad JSONL lines", async () => {
    const unknown = await batch(["status", "--redis", redis.url, "--queue", "never"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/error \[QUEUE_NOT_FOUND\]: queue never has no documents yet/);
    const down = await batch(["status", "--redis", "redis://127.0.0.1:1", "--queue", "q"]);
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/error \[REDIS_UNREACHABLE\]: cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    // Ids BullMQ would refuse as job ids (integers, colons) go in escaped.
    const good = '{"id": 12, "text": "Fine."}\n{"id": "court:2024:17", "text": "Also fine."}\n';
    writeFileSync(join(tmp.dir, "bad.jsonl"), `${good}not json\n{"id": "", "text": "x"}\n`);
    const bad = await batch([
      "enqueue",
      "--redis",
      redis.url,
      "--queue",
      "bad",
      "--task",
      "classify",
      "--model",
      seqcls,
      "bad.jsonl",
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/error \[INVALID_INPUT_LINE\] bad\.jsonl:3: not valid JSON/);
    expect(bad.stderr).toMatch(/error \[INVALID_INPUT_LINE\] bad\.jsonl:4: "id" must be a non-empty string/);
    expect(bad.stdout).toMatch(/added 2 of 2 documents \(0 already queued, 2 rejected lines\)/);
  });
});
