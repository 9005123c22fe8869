import { join } from "node:path";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { LongformerModel, useBackend } from "../src/index.js";
import { hatDocuments } from "./inputs.js";
import { matmulBaseline } from "./matmul-baseline.js";

await useBackend((process.env.BACKEND ?? "wasm") as "wasm");
const model = await LongformerModel.fromPretrained(join(longformerFixturesDir(), "models", "mini-mlm"));
const inputs = hatDocuments({ batch: 1, seqLen: 1024, blockSize: 128, clsId: 101, sepId: 102, global: "hat" });
const forward = () => {
  const out = model.forward(inputs);
  out.lastHiddenState.dataSync();
  tf.dispose(out as unknown as tf.TensorContainer);
};
forward();
const base = matmulBaseline(model.config, 1024);
base.run();
const f: number[] = [],
  m: number[] = [];
for (let r = 0; r < Number(process.env.REPS ?? 10); r++) {
  let t = performance.now();
  forward();
  f.push(performance.now() - t);
  t = performance.now();
  base.run();
  m.push(performance.now() - t);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const min = (a: number[]) => Math.min(...a);
console.log(f.map((x) => x.toFixed(0)).join(" "), "\n", m.map((x) => x.toFixed(0)).join(" "));
const pr = f.map((x, i) => x / m[i]!).sort((a, b) => a - b);
console.log(
  "pair ratios median",
  pr[Math.floor(pr.length / 2)]!.toFixed(3),
  "q1",
  pr[Math.floor(pr.length / 4)]!.toFixed(3),
);
console.log(
  `forward med ${med(f).toFixed(0)} min ${min(f).toFixed(0)} | matmul med ${med(m).toFixed(0)} min ${min(m).toFixed(0)} | ratio med ${(med(f) / med(m)).toFixed(3)} min ${(min(f) / min(m)).toFixed(3)}`,
);
if (process.env.PROFILE) {
  const t0 = performance.now();
  const p = await tf.profile(() => forward());
  const wall = performance.now() - t0;
  const by = new Map<string, number>();
  for (const k of p.kernels) by.set(k.name, (by.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  console.log(`profile wall ${wall.toFixed(0)} kernels ${total.toFixed(0)}`);
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1])) console.log(k.padEnd(24), v.toFixed(1));
}
if (process.env.PARTS) {
  const att = await import("@longformer-ts/attention");
  const acc: Record<string, number> = {};
  const wrap = (obj: any, key: string, label: string) => {
    const orig = obj[key];
    obj[key] = function (this: unknown, ...a: unknown[]) {
      const t = performance.now();
      try {
        return orig.apply(this, a);
      } finally {
        acc[label] = (acc[label] ?? 0) + performance.now() - t;
      }
    };
  };
  wrap(att.LongformerSelfAttention.prototype, "call", "selfAttention.call");
  const ln = await import("../src/modules/layer-norm.js");
  wrap(ln.LayerNorm.prototype, "apply", "layerNorm");
  const lin = await import("../src/modules/linear.js");
  wrap(lin.Linear.prototype, "apply", "linear");
  const ff = await import("../src/modules/feed-forward.js");
  wrap(ff.LongformerIntermediate.prototype, "apply", "intermediate(linear+gelu)");
  const ga = await import("../../attention/src/kernels/global-path.js");
  const N = 10;
  for (let r = 0; r < N; r++) forward();
  for (const k in acc) acc[k] = 0;
  const t = performance.now();
  for (let r = 0; r < N; r++) forward();
  const tot = (performance.now() - t) / N;
  console.log("forward", tot.toFixed(0));
  for (const [k, v] of Object.entries(acc)) console.log(k.padEnd(28), (v / N).toFixed(1));
}
if (process.env.PARTS2) {
  const N = 6;
  for (let r = 0; r < 3; r++) forward();
  const P = ((globalThis as any).__prof ??= {}) as Record<string, number>;
  for (const k in P) P[k] = 0;
  const t0 = performance.now();
  const p = await tf.profile(() => {
    for (let r = 0; r < N; r++) forward();
  });
  const tot = (performance.now() - t0) / N;
  const by = new Map<string, number>();
  for (const k of p.kernels) by.set(k.name, (by.get(k.name) ?? 0) + (k.kernelTimeMs as number) / N);
  console.log("forward", tot.toFixed(0));
  for (const [k, v] of Object.entries(P)) console.log(k.padEnd(28), (v / N).toFixed(1));
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1])) console.log(k.padEnd(24), v.toFixed(1));
}
