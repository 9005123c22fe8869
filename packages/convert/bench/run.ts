/**
 * Conversion benchmark on mini-mlm (the longformer-mini-1024 shape, 14.1 M parameters, F16 safetensors):
 * wall time (median of 3 runs) and peak RSS. Each case runs in its own child process, because peak RSS is a
 * per-process high-water mark. Prints a table and writes bench-results/convert.json.
 *
 *   pnpm --filter @longformer-ts/convert bench
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { convert, loadWeights } from "../src/index.js";

const CASES = [
  "baseline",
  "convert float32",
  "convert float16",
  "loadWeights raw (F16 -> float32)",
  "loadWeights converted",
] as const;
type CaseName = (typeof CASES)[number];
const RUNS = 3;

interface CaseResult {
  case: CaseName;
  medianMs: number;
  runsMs: number[];
  peakRssMiB: number;
  outputMiB: number;
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

/** Runs one case in this (child) process and prints its result as JSON. */
async function runCase(name: CaseName): Promise<void> {
  const source = join(longformerFixturesDir(), "models", "mini-mlm");
  const scratch = mkdtempSync(join(tmpdir(), "convert-bench-"));
  const runsMs: number[] = [];
  let outputMiB = 0;
  try {
    const converted = join(scratch, "prepared");
    if (name === "loadWeights converted") await convert(source, converted);
    for (let i = 0; i < RUNS; i++) {
      const out = join(scratch, `out-${i}`);
      const start = performance.now();
      if (name === "convert float32") await convert(source, out);
      if (name === "convert float16") await convert(source, out, { dtype: "float16" });
      if (name === "loadWeights raw (F16 -> float32)") await loadWeights(source);
      if (name === "loadWeights converted") await loadWeights(converted);
      runsMs.push(performance.now() - start);
      if (name.startsWith("convert")) {
        outputMiB = dirBytes(out) / 2 ** 20;
        rmSync(out, { recursive: true });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  const result: CaseResult = {
    case: name,
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    runsMs,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    outputMiB,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  const caseArg = process.argv.indexOf("--case");
  if (caseArg >= 0) return runCase(process.argv[caseArg + 1] as CaseName);

  const self = fileURLToPath(import.meta.url);
  const results: CaseResult[] = [];
  for (const name of CASES) {
    const child = spawnSync(process.execPath, [...process.execArgv, self, "--case", name], { encoding: "utf8" });
    if (child.status !== 0) throw new Error(`case ${name} failed:\n${child.stderr}`);
    results.push(JSON.parse(child.stdout.trim().split("\n").at(-1) as string) as CaseResult);
  }
  const sourceMiB = statSync(join(longformerFixturesDir(), "models", "mini-mlm", "model.safetensors")).size / 2 ** 20;
  console.log(
    `mini-mlm: model.safetensors ${sourceMiB.toFixed(1)} MiB (F16, 142 tensors); ${RUNS} runs per case, median shown`,
  );
  console.log("| case | median ms | runs ms | peak RSS MiB | output MiB |");
  console.log("|---|---:|---|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.case} | ${r.case === "baseline" ? "-" : r.medianMs.toFixed(0)} | ${r.case === "baseline" ? "(node + package loaded, nothing run)" : r.runsMs.map((t) => t.toFixed(0)).join(", ")} | ${r.peakRssMiB.toFixed(0)} | ${r.outputMiB ? r.outputMiB.toFixed(1) : "-"} |`,
    );
  }
  const outDir = fileURLToPath(new URL("../bench-results/", import.meta.url));
  mkdirSync(outDir, { recursive: true });
  const report = {
    benchmark: "convert mini-mlm",
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    sourceMiB,
    runs: RUNS,
    results,
  };
  writeFileSync(join(outDir, "convert.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${join(outDir, "convert.json")}`);
}

await main();
