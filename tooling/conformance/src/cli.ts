#!/usr/bin/env -S npx tsx --conditions=source
import type { AttentionKernelName } from "@longformer-ts/attention";
import type { BackendName } from "@longformer-ts/encoder";
import { longformerFixturesDir, resolveFromInvocationDir } from "@longformer-ts/test-helpers";
import { Command, InvalidArgumentError, Option } from "commander";
import { formatReport } from "./report.js";
import { type ConformanceRow, runConformance } from "./run.js";

interface CliOptions {
  fixtures?: string;
  backend: BackendName;
  kernel: AttentionKernelName;
  json: boolean;
  case?: RegExp;
  skipUnsupported: boolean;
}

function parsePattern(value: string): RegExp {
  try {
    return new RegExp(value, "i");
  } catch {
    throw new InvalidArgumentError(`not a regular expression: ${value}`);
  }
}

const program = new Command()
  .name("longformer-conformance")
  .description(
    "Runs every golden case of <fixtures>/golden/*/cases.json and compares each output with its atol.\n" +
      "Exits 1 on any failure, error, or output no runner computes.",
  )
  .option(
    "--fixtures <dir>",
    "fixture directory holding golden/ and models/ (default: the repository's fixtures/longformer, or $LONGFORMER_FIXTURES/longformer)",
  )
  .addOption(new Option("--backend <name>", "tfjs backend").choices(["wasm", "cpu"]).default("wasm"))
  .option("--kernel <name>", "attention kernel (see @longformer-ts/attention)", "auto")
  .option("--json", "print the report as JSON instead of a table", false)
  .option("--case <pattern>", "only cases whose <model>/<case> matches this regular expression", parsePattern)
  .option("--skip-unsupported", "report outputs no runner computes as skipped instead of failing", false)
  .action(async (options: CliOptions) => {
    // pnpm runs package scripts in the package directory; a relative --fixtures is the caller's, and resolves
    // against the directory the command was typed in, like LONGFORMER_FIXTURES (one rule, in test-helpers).
    const fixturesDir = options.fixtures ? resolveFromInvocationDir(options.fixtures) : longformerFixturesDir();
    const report = await runConformance({
      fixturesDir,
      backend: options.backend,
      kernel: options.kernel,
      casePattern: options.case,
      skipUnsupported: options.skipUnsupported,
      onRows: (rows: ConformanceRow[]) => {
        const first = rows[0];
        if (!first) return;
        const bad = rows.filter((r) => r.status !== "pass" && r.status !== "skipped").length;
        const ms = first.caseMs === undefined ? "" : ` ${first.caseMs.toFixed(0)} ms`;
        process.stderr.write(`${first.model}/${first.case}: ${rows.length - bad}/${rows.length} ok${ms}\n`);
      },
    });
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    process.exitCode = report.ok ? 0 : 1;
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`conformance: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
