import type { AttentionKernelName } from "@longformer-ts/attention";
import { type BackendName, useBackend } from "@longformer-ts/encoder";
import type { GoldenCase } from "./cases.js";
import { compareOutput } from "./compare.js";
import { discoverGoldenSets, type GoldenSet, WeightsCache } from "./fixture-set.js";
import type { CaseContext, ProducedOutputs, RunnerRegistry } from "./registry.js";
import { defaultRegistry } from "./runners/index.js";

export type RowStatus = "pass" | "fail" | "unsupported" | "skipped" | "error";

/** One case output: computed, compared, judged. */
export interface ConformanceRow {
  model: string;
  case: string;
  output: string;
  status: RowStatus;
  atol: number;
  maxAbsError?: number;
  worstIndex?: number[];
  message?: string;
  /** Wall time of the case's run (same for each of its rows). */
  caseMs?: number;
}

export interface ConformanceOptions {
  fixturesDir: string;
  backend: BackendName;
  kernel?: AttentionKernelName;
  /** Only cases whose `<model>/<case>` matches. */
  casePattern?: RegExp;
  /** Report outputs no runner computes as "skipped" instead of failing. Default: strict. */
  skipUnsupported?: boolean;
  registry?: RunnerRegistry;
  /** Called as soon as a case's rows are known (progress output). */
  onRows?: (rows: ConformanceRow[]) => void;
}

export interface ConformanceReport {
  backend: BackendName;
  kernel: AttentionKernelName;
  fixturesDir: string;
  rows: ConformanceRow[];
  counts: Record<RowStatus, number>;
  /** No failure, no error, and (unless skipping) no unsupported output. */
  ok: boolean;
}

function errorRows(set: GoldenSet, c: GoldenCase, message: string): ConformanceRow[] {
  return Object.entries(c.outputs).map(([output, spec]) => ({
    model: set.name,
    case: c.name,
    output,
    status: "error" as const,
    atol: spec.atol,
    message,
  }));
}

function judge(
  set: GoldenSet,
  c: GoldenCase,
  produced: ProducedOutputs,
  skipUnsupported: boolean,
  caseMs: number,
): ConformanceRow[] {
  return Object.entries(c.outputs).map(([output, spec]) => {
    const base = { model: set.name, case: c.name, output, atol: spec.atol, caseMs };
    const actual = produced.get(output);
    if (!actual) {
      return {
        ...base,
        status: skipUnsupported ? "skipped" : "unsupported",
        message: "no runner computes this output",
      };
    }
    const expected = set.expected.get(spec.key);
    if (!expected) return { ...base, status: "error", message: `outputs file has no tensor "${spec.key}"` };
    const cmp = compareOutput(actual, expected, spec);
    return {
      ...base,
      status: cmp.ok ? "pass" : "fail",
      maxAbsError: cmp.maxAbsError,
      worstIndex: cmp.worstIndex,
      ...(cmp.shapeMismatch ? { message: cmp.shapeMismatch } : {}),
    };
  });
}

/**
 * Runs every golden case under `fixturesDir` on one backend and compares every output it can compute with
 * the case's `atol`. Everything (inputs, model directory, global masks, tolerances) comes from cases.json and
 * the model's config.json.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const kernel = options.kernel ?? "auto";
  const registry = options.registry ?? defaultRegistry();
  await useBackend(options.backend);
  const weights = new WeightsCache();
  const resources = new Map<string, Promise<{ dispose(): void }>>();
  const rows: ConformanceRow[] = [];
  try {
    for (const set of discoverGoldenSets(options.fixturesDir)) {
      for (const testCase of set.file.cases) {
        if (options.casePattern && !options.casePattern.test(`${set.name}/${testCase.name}`)) continue;
        const runner = registry.resolve(testCase.call.class);
        let caseRows: ConformanceRow[];
        if (!runner) caseRows = errorRows(set, testCase, `no runner for call.class "${testCase.call.class}"`);
        else {
          const context: CaseContext = {
            golden: set,
            testCase,
            wanted: Object.keys(testCase.outputs),
            kernel,
            weights: () => weights.get(set.modelDir),
            resource: <T extends { dispose(): void }>(key: string, create: () => Promise<T> | T) => {
              if (!resources.has(key)) resources.set(key, Promise.resolve().then(create));
              return resources.get(key) as Promise<T>;
            },
          };
          const start = performance.now();
          try {
            const produced = await runner.run(context);
            caseRows = judge(set, testCase, produced, options.skipUnsupported ?? false, performance.now() - start);
          } catch (error) {
            caseRows = errorRows(
              set,
              testCase,
              `${runner.name}: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }
        rows.push(...caseRows);
        options.onRows?.(caseRows);
      }
    }
  } finally {
    for (const resource of resources.values()) {
      await resource.then((r) => r.dispose()).catch(() => undefined);
    }
  }
  const counts: Record<RowStatus, number> = { pass: 0, fail: 0, unsupported: 0, skipped: 0, error: 0 };
  for (const row of rows) counts[row.status]++;
  return {
    backend: options.backend,
    kernel,
    fixturesDir: options.fixturesDir,
    rows,
    counts,
    ok: counts.fail + counts.error + counts.unsupported === 0,
  };
}
