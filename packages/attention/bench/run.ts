// Attention-only benchmark: every kernel at the longformer-mini-1024 shape, and a length sweep of the production
// kernel against dense attention. Prints tables and writes bench-results/attention.json.
//   pnpm --filter @longformer-ts/attention bench [-- --backends wasm,cpu --quick]
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { simdInstance } from "@longformer-ts/simd";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import {
  type AttentionKernelName,
  autoKernel,
  type ConcreteKernelName,
  KERNEL_NAMES,
  LongformerSelfAttention,
  prepareAttentionMask,
} from "../src/index.js";
import { randomHidden, randomParams } from "../src/testing.test-util.js";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? (args[at + 1] as string) : fallback;
};
const quick = flag("quick");
const backends = option("backends", "wasm,cpu").split(",");
const KERNELS = KERNEL_NAMES.filter((k): k is ConcreteKernelName => k !== "auto");

// longformer-mini-1024: hidden 256, 4 heads, attention_window 128 (w = 64).
const HIDDEN = 256;
const HEADS = 4;
const WINDOW = 128;
const BLOCK = 128; // HAT block: [CLS]/[SEP] every 128 tokens are global

interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Median process CPU time (user + system) per call: steadier than wall time on a shared machine. */
  medianCpuMs: number;
  runs: number;
}

interface Row {
  backend: string;
  kernel: string;
  shape: string;
  batch: number;
  seqLen: number;
  global: number;
  timing?: Timing;
  peakTfBytes?: number;
  /** Bytes of the banded SIMD module's memory after the run (outside tf.memory()). */
  wasmModuleBytes?: number;
  skipped?: string;
}

function hatMask(batch: number, len: number, withGlobal: boolean) {
  const am = new Int32Array(batch * len).fill(1);
  const gm = new Int32Array(batch * len);
  if (withGlobal) for (let b = 0; b < batch; b++) for (let i = 0; i < len; i += BLOCK) gm[b * len + i] = 1;
  return prepareAttentionMask(am, gm, batch, len);
}

async function measure(
  kernel: AttentionKernelName,
  batch: number,
  len: number,
  withGlobal: boolean,
  reps: number,
): Promise<Omit<Row, "backend" | "kernel" | "shape">> {
  const params = randomParams(HIDDEN, 1);
  const hidden = randomHidden(batch, len, HIDDEN, 2);
  const mask = hatMask(batch, len, withGlobal);
  const attention = new LongformerSelfAttention(
    params,
    { hiddenSize: HIDDEN, numHeads: HEADS, attentionWindow: WINDOW },
    { kernel },
  );
  const once = () => {
    const out = attention.forward(hidden, mask);
    out.context.dataSync();
    out.context.dispose();
  };
  try {
    const t0 = performance.now();
    once(); // warm-up (kernel setup, fused weights, wasm memory growth)
    const warm = performance.now() - t0;
    const runs = warm > 5000 ? 1 : reps;
    const times: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      once();
      const used = process.cpuUsage(cpuStart);
      times.push(performance.now() - start);
      cpu.push((used.user + used.system) / 1000);
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const profile = await tf.profile(once);
    return {
      batch,
      seqLen: len,
      global: mask.maxGlobal,
      timing: {
        medianMs: times[Math.floor(times.length / 2)] as number,
        minMs: times[0] as number,
        maxMs: times[times.length - 1] as number,
        medianCpuMs: cpu[Math.floor(cpu.length / 2)] as number,
        runs,
      },
      peakTfBytes: profile.peakBytes,
      wasmModuleBytes: simdInstance()?.memory.buffer.byteLength ?? 0,
    };
  } finally {
    attention.dispose();
    tf.dispose(Object.values(params).flatMap((p) => [p.weight, p.bias]));
    hidden.dispose();
  }
}

/** Rough peak of the dense kernel: a handful of (B, heads, L, L) float32 tensors alive at once. */
const denseBytes = (batch: number, len: number) => 6 * batch * HEADS * len * len * 4;
const DENSE_LIMIT = 1.5e9;

const fmtMs = (t?: Timing) => (t ? t.medianMs.toFixed(1) : "-");
const fmtMb = (b?: number) => (b === undefined ? "-" : (b / 2 ** 20).toFixed(1));

const rows: Row[] = [];
for (const backend of backends) {
  await tf.setBackend(backend);
  await tf.ready();
  const reps = quick ? 2 : backend === "cpu" ? 3 : 7;
  const shapes = [
    { shape: "1x1024 HAT global (CLS + 7 SEP)", batch: 1, len: 1024, global: true },
    { shape: "1x1024 no global", batch: 1, len: 1024, global: false },
    { shape: "4x1024 HAT global", batch: 4, len: 1024, global: true },
  ];
  console.log(`\n## ${backend}: attention only (fused QKV projection + local + global), mini shape`);
  console.log(`| kernel | shape | median ms | min | max | cpu ms | runs | peak tf MB | wasm module MB |`);
  console.log(`|---|---|---|---|---|---|---|---|---|`);
  for (const kernel of KERNELS) {
    for (const s of shapes) {
      const row: Row = {
        backend,
        kernel,
        shape: s.shape,
        batch: s.batch,
        seqLen: s.len,
        global: s.global ? s.len / BLOCK : 0,
      };
      if ((kernel === "reference" || kernel === "dense") && backend === "cpu") {
        // Measured once: `reference` at 1x1024 with global took 82 s per call on the cpu backend.
        row.skipped = "skipped on cpu (> 1 min per call)";
      } else Object.assign(row, await measure(kernel, s.batch, s.len, s.global, reps));
      rows.push(row);
      const t = row.timing;
      console.log(
        `| ${kernel} | ${s.shape} | ${row.skipped ?? fmtMs(t)} | ${t?.minMs.toFixed(1) ?? "-"} | ${t?.maxMs.toFixed(1) ?? "-"} | ${t?.medianCpuMs.toFixed(1) ?? "-"} | ${t?.runs ?? "-"} | ${fmtMb(row.peakTfBytes)} | ${fmtMb(row.wasmModuleBytes)} |`,
      );
    }
  }

  const lengths = quick
    ? [512, 1024, 2048]
    : backend === "cpu"
      ? [512, 1024, 2048, 4096]
      : [512, 1024, 2048, 4096, 8192];
  console.log(
    `\n## ${backend}: length sweep, batch 1, HAT global (a [CLS]/[SEP] every ${BLOCK} tokens, G = L / ${BLOCK})`,
  );
  console.log(
    `| seq len | ${autoKernel()} ms (min) | peak tf MB | wasm module MB | dense ms (min) | dense peak tf MB |`,
  );
  console.log(`|---|---|---|---|---|---|`);
  const both = (t?: Timing) => (t ? `${t.medianMs.toFixed(1)} (${t.minMs.toFixed(1)})` : "-");
  for (const len of lengths) {
    const base = { backend, shape: `sweep 1x${len}`, batch: 1, seqLen: len, global: len / BLOCK };
    const fast: Row = { ...base, kernel: "auto" };
    Object.assign(fast, await measure("auto", 1, len, true, quick ? 2 : 3));
    const dense: Row = { ...base, kernel: "dense" };
    if (denseBytes(1, len) > DENSE_LIMIT)
      dense.skipped = `skipped: needs ~${(denseBytes(1, len) / 2 ** 30).toFixed(1)} GB`;
    else if (backend === "cpu" && len > 512) dense.skipped = "skipped on cpu (minutes per call)";
    else Object.assign(dense, await measure("dense", 1, len, true, quick ? 2 : 3));
    rows.push(fast, dense);
    console.log(
      `| ${len} | ${both(fast.timing)} | ${fmtMb(fast.peakTfBytes)} | ${fmtMb(fast.wasmModuleBytes)} | ${dense.skipped ?? both(dense.timing)} | ${fmtMb(dense.peakTfBytes)} |`,
    );
  }
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "bench-results");
mkdirSync(outDir, { recursive: true });
const file = join(outDir, "attention.json");
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, hidden: HIDDEN, heads: HEADS, window: WINDOW, quick, rows }, null, 2)}\n`,
);
console.log(`\nwrote ${file}`);
