import { writeFileSync } from "node:fs";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-wasm";
import { DocumentClassificationPipeline } from "@longformer-ts/heads";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeCorpus, tempDir, writeJsonl } from "./testing/corpus.test-util.js";
import { probeQueue, type QueueProbe } from "./testing/queue-probe.test-util.js";
import { type RedisServer, startRedis } from "./testing/redis-server.test-util.js";
import { runBatch } from "./testing/run.test-util.js";
import { killAll, spawnCli, waitFor } from "./testing/workers.test-util.js";

const seqcls = join(longformerFixturesDir(), "models", "tiny-seqcls");
// Large enough that a worker is still busy well after its first results, however fast the machine.
const CORPUS = makeCorpus(400);
// Short lock and stall check, so a dead worker's job comes back within a second or two.
const FAST_STALLS = ["--lock-duration", "1500", "--stall-interval", "500"];

let redis: RedisServer;
const tmp = tempDir("batch-failures-");
const expected = new Map<string, unknown>();
const probes: QueueProbe[] = [];

beforeAll(async () => {
  redis = await startRedis();
  writeJsonl(join(tmp.dir, "corpus.jsonl"), CORPUS);
  const pipeline = await DocumentClassificationPipeline.fromPretrained(seqcls, { backend: "wasm" });
  for (const { id, text } of CORPUS) {
    const { warnings: _warnings, ...result } = await pipeline.classifyDocument(text);
    expected.set(id, result);
  }
  pipeline.dispose();
});

afterEach(async () => {
  await killAll();
  for (const p of probes.splice(0)) await p.close();
});

afterAll(async () => {
  await killAll();
  await redis?.stop();
  tmp.cleanup();
});

const batch = (argv: string[]) => runBatch(argv, { cwd: tmp.dir });
const parse = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));

/** Enqueues the corpus into a new queue and returns its options and a probe. */
async function corpusQueue(name: string, extra: string[] = []) {
  const q = ["--redis", redis.url, "--queue", name];
  const enq = await batch(["enqueue", ...q, "--task", "classify", "--model", seqcls, ...extra, "corpus.jsonl"]);
  expect(enq.status, enq.stderr).toBe(0);
  const probe = probeQueue(redis.url, name);
  probes.push(probe);
  return { q, probe };
}

/** Every document exactly once, in input order, with the result the pipeline gives directly. */
async function expectCorpusDoneOnce(q: string[]) {
  const run = await batch(["collect", ...q]);
  expect(run.status, run.stderr).toBe(0);
  const lines = parse(run.stdout);
  expect(lines.map((l) => l.id)).toEqual(CORPUS.map((d) => d.id));
  for (const line of lines) {
    expect(line.status).toBe("done");
    expect(line.result).toEqual(expected.get(line.id));
  }
  return lines;
}

describe("failure semantics", () => {
  it("a worker killed with SIGKILL mid-job loses nothing: the job is run again after the stall interval", async () => {
    const { q, probe } = await corpusQueue("kill9");
    const doomed = spawnCli(["work", ...q, ...FAST_STALLS]);
    await waitFor(async () => (await probe.finished()) >= 5, "the first results");
    doomed.child.kill("SIGKILL");
    expect(await doomed.exited).toEqual({ code: null, signal: "SIGKILL" });
    // The dead worker still holds a job: it is active, and nobody will finish it but the stall check.
    const held = await probe.queue.getActive();
    expect(held).toHaveLength(1);
    const heldId = held[0]!.data.id as string;

    const rescuer = spawnCli(["work", ...q, ...FAST_STALLS, "--until-done"]);
    expect(await rescuer.exited, rescuer.stderr()).toEqual({ code: 0, signal: null });
    const lines = await expectCorpusDoneOnce(q);
    expect(lines.find((l) => l.id === heldId).worker).toMatch(new RegExp(`:${rescuer.child.pid}$`));
    expect(await probe.queue.getJobCounts("active", "waiting", "failed")).toEqual({ active: 0, waiting: 0, failed: 0 });
  });

  it("documents that fail (empty, not UTF-8, too long with truncation off) are marked failed after N attempts and block nothing", async () => {
    const docs = tempDir("batch-bad-docs-");
    try {
      writeFileSync(join(docs.dir, "01-empty.txt"), "   \n");
      writeFileSync(join(docs.dir, "02-latin1.txt"), Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0xff, 0x2e]));
      writeFileSync(join(docs.dir, "03-long.txt"), CORPUS[8]!.text.repeat(3));
      for (const d of CORPUS.slice(0, 8)) writeFileSync(join(docs.dir, `${d.id}.txt`), d.text);
      const q = ["--redis", redis.url, "--queue", "bad-docs"];
      const enq = await batch([
        "enqueue",
        ...q,
        "--task",
        "classify",
        "--model",
        seqcls,
        "--truncation",
        "error",
        "--attempts",
        "2",
        "--retry-delay",
        "0",
        docs.dir,
      ]);
      expect(enq.status, enq.stderr).toBe(0);
      const probe = probeQueue(redis.url, "bad-docs");
      probes.push(probe);

      const worker = spawnCli(["work", ...q, "--until-done"]);
      expect(await worker.exited, worker.stderr()).toEqual({ code: 0, signal: null });
      const run = await batch(["collect", ...q]);
      expect(run.stderr).toBe("collected 11 lines (8 done, 3 failed) from queue bad-docs\n");
      const lines = parse(run.stdout);
      expect(lines.slice(0, 3).map((l) => [l.id, l.status, l.error.code, l.attempts])).toEqual([
        ["01-empty.txt", "failed", "EMPTY_TEXT", 2],
        ["02-latin1.txt", "failed", "DOCUMENT_UNDECODABLE", 2],
        ["03-long.txt", "failed", "DOCUMENT_TOO_LONG", 2],
      ]);
      expect(lines[2].error.message).toMatch(/longer than the model reads: .*word pieces/);
      for (const line of lines.slice(3)) expect(line.result).toEqual(expected.get(line.id.replace(/\.txt$/, "")));
      // BullMQ keeps the failed jobs with their reason and attempts.
      const failed = await probe.queue.getFailed();
      expect(failed.map((j) => [j.data.id, j.attemptsMade]).sort()).toEqual([
        ["01-empty.txt", 2],
        ["02-latin1.txt", 2],
        ["03-long.txt", 2],
      ]);
      const status = JSON.parse((await batch(["status", ...q, "--json"])).stdout);
      expect(status).toMatchObject({ total: 11, waiting: 0, active: 0, delayed: 0, done: 8, failed: 3 });
    } finally {
      docs.cleanup();
    }
  });

  it("workers survive a Redis restart mid-run (they reconnect) without duplicated results", async () => {
    const { q, probe } = await corpusQueue("restart");
    const worker = spawnCli(["work", ...q, "--until-done", "--stall-interval", "500", "--lock-duration", "3000"]);
    await waitFor(async () => (await probe.finished()) >= 5, "the first results");
    // Down long enough for the worker's reconnection attempts to be refused at least once.
    await redis.restart(500);
    const doneAtRestart = await probe.finished();
    expect(doneAtRestart).toBeLessThan(CORPUS.length);
    expect(await worker.exited, worker.stderr()).toEqual({ code: 0, signal: null });
    expect(worker.stderr()).toMatch(/ECONNREFUSED|Connection is closed|ECONNRESET/);
    await expectCorpusDoneOnce(q);
  });

  it("SIGTERM drains: the worker finishes the jobs in hand, stores them, and holds none when it exits", async () => {
    const { q, probe } = await corpusQueue("drain");
    const worker = spawnCli(["work", ...q, "--concurrency", "2", "--json"]);
    await waitFor(async () => (await probe.finished()) >= 5, "the first results");
    worker.child.kill("SIGTERM");
    expect(await worker.exited, worker.stderr()).toEqual({ code: 0, signal: null });
    expect(worker.stderr()).toContain("SIGTERM: finishing the jobs in hand, then stopping");
    const report = JSON.parse(worker.stdout());
    const counts = await probe.queue.getJobCounts("active", "waiting");
    expect(counts.active).toBe(0);
    expect(await probe.finished()).toBe(report.done);
    expect(report.done + counts.waiting).toBe(CORPUS.length);
    expect(report.done).toBeLessThan(CORPUS.length);
  });
});
