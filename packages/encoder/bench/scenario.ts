/**
 * One benchmark scenario in its own process (so peak RSS and tfjs memory belong to it alone). Reads a JSON
 * `ScenarioSpec` from argv[2], prints `RESULT <json>` on stdout.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type AttentionKernelName, autoKernel } from "@longformer-ts/attention";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { type BackendName, LongformerModel, parseLongformerConfig, useBackend } from "../src/index.js";
import { randomLongformerWeights } from "../src/testing/random-weights.test-util.js";
import { type GlobalPattern, hatDocuments } from "./inputs.js";
import { matmulBaseline } from "./matmul-baseline.js";

export interface ScenarioSpec {
  id: string;
  backend: BackendName;
  kernel: AttentionKernelName;
  /** `mini-mlm`: the fixture checkpoint; `random`: the mini-mlm shape with random weights and `maxPositions` positions. */
  model: { kind: "mini-mlm" } | { kind: "random"; maxPositions: number };
  batch: number;
  seqLen: number;
  global: GlobalPattern;
  /**
   * Timed repetitions after the first run (which runs under tf.profile for the peak memory and warms caches
   * up). With 0, the first run's time is the only sample (for runs so slow that warm-up effects vanish).
   */
  reps: number;
  /** Stop repeating once this much time went into timed runs (at least one run happens). */
  budgetMs: number;
  /** Also time the projection + feed-forward matMuls alone, alternating with the forwards (same load). */
  matmulBaseline?: boolean;
}

export interface ScenarioResult {
  id: string;
  timesMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  tokensPerSecond: number;
  /** Peak resident set of the scenario's process (model load included). */
  peakRssBytes: number;
  /** Peak `tf.memory().numBytes` during a forward, weights included. */
  peakTfBytes: number;
  /** Bytes held by the weights before the forward. */
  weightBytes: number;
  firstRunMs: number;
  kernelUsed: string;
  matmul?: { medianMs: number; minMs: number; timesMs: number[] };
}

function stats(times: number[]): { medianMs: number; minMs: number; maxMs: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)]!, minMs: sorted[0]!, maxMs: sorted[sorted.length - 1]! };
}

async function buildModel(spec: ScenarioSpec): Promise<LongformerModel> {
  if (spec.model.kind === "mini-mlm") {
    return LongformerModel.fromPretrained(join(longformerFixturesDir(), "models", "mini-mlm"), { kernel: spec.kernel });
  }
  const base = JSON.parse(readFileSync(join(longformerFixturesDir(), "models", "mini-mlm", "config.json"), "utf8"));
  const config = parseLongformerConfig({ ...base, max_position_embeddings: spec.model.maxPositions });
  return LongformerModel.fromWeights(config, randomLongformerWeights(config, { seed: 3 }), { kernel: spec.kernel });
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? "") as ScenarioSpec;
  await useBackend(spec.backend);
  const model = await buildModel(spec);
  const { config } = model;
  const inputs = hatDocuments({
    batch: spec.batch,
    seqLen: spec.seqLen,
    blockSize: config.maxSentenceLength ?? 128,
    clsId: config.clsTokenId ?? 101,
    sepId: config.sepTokenId ?? 102,
    global: spec.global,
  });
  const forward = () => {
    const out = model.forward(inputs);
    out.lastHiddenState.dataSync();
    tf.dispose(out as unknown as tf.TensorContainer);
  };

  const weightBytes = tf.memory().numBytes;
  const t0 = performance.now();
  const profile = await tf.profile(() => {
    forward();
  });
  const firstRunMs = performance.now() - t0;

  // Forwards and (optionally) the bare matMuls alternate, so a busy machine slows both alike.
  const baseline = spec.matmulBaseline ? matmulBaseline(config, spec.batch * spec.seqLen) : undefined;
  baseline?.run(); // warm-up: XNNPACK packs the weights on first use
  const timesMs: number[] = [];
  const matmulMs: number[] = [];
  const start = performance.now();
  while (timesMs.length < spec.reps && (timesMs.length === 0 || performance.now() - start < spec.budgetMs)) {
    let t = performance.now();
    forward();
    timesMs.push(performance.now() - t);
    if (baseline) {
      t = performance.now();
      baseline.run();
      matmulMs.push(performance.now() - t);
    }
  }
  baseline?.dispose();
  if (timesMs.length === 0) timesMs.push(firstRunMs);
  const s = stats(timesMs);
  const result: ScenarioResult = {
    id: spec.id,
    timesMs,
    ...s,
    tokensPerSecond: (spec.batch * spec.seqLen) / (s.medianMs / 1000),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakTfBytes: profile.peakBytes,
    weightBytes,
    firstRunMs,
    kernelUsed: spec.kernel === "auto" ? autoKernel() : spec.kernel,
  };
  if (matmulMs.length > 0) {
    const m = stats(matmulMs);
    result.matmul = { medianMs: m.medianMs, minMs: m.minMs, timesMs: matmulMs };
  }
  model.dispose();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stdout.write(`RESULT ${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
  process.exitCode = 1;
});
