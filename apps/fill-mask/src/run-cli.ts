import {
  type CliIo as BaseCliIo,
  type CliBackend,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  isUsageError,
  parseFailureStatus,
  reportFailure,
} from "@longformer-ts/cli-kit";
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_EXAMPLES } from "./examples.js";
import { formatText, isFailure, jsonReport, type TextFailure, type TextResult } from "./format.js";
import { loadFillMask } from "./load-pipeline.js";
import { parseModelSpec } from "./model-spec.js";
import { StderrProgress } from "./progress.js";
import { DEFAULT_MODEL, resolveModel } from "./resolve-model.js";

/** The demo reads no standard input. */
export type CliIo = Omit<BaseCliIo, "stdin">;

/** Exit statuses: 0 done, 1 the run failed (model, download, inference), 2 bad command line or input. */
export { EXIT_FAILED, EXIT_OK, EXIT_USAGE };

interface CliOptions {
  model?: string;
  revision: string;
  topK: number;
  json?: boolean;
  backend: CliBackend;
  offline?: boolean;
  cacheDir?: string;
  endpoint?: string;
  hubTimeout: number;
  progress: boolean;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number of seconds");
  return n;
}

function buildProgram(io: CliIo): Command {
  return new Command("longformer-fill-mask")
    .description("Fill in <mask> tokens with a Longformer masked-LM checkpoint (default: the demo's two examples).")
    .argument("[texts...]", "texts holding <mask> (or [MASK]) to fill in")
    .option("--model <src>", `model directory, URL of a converted directory, or hub repo id (default ${DEFAULT_MODEL})`)
    .option("--revision <rev>", "hub revision (branch, tag or commit)", "main")
    .option("-k, --top-k <n>", "predictions per mask", positiveInt, 5)
    .option("--json", "print one JSON object instead of text")
    .addOption(new Option("--backend <name>", "TF.js backend").choices(["wasm", "cpu"]).default("wasm"))
    .option("--offline", "never contact the hub; use the cache (also HF_HUB_OFFLINE=1)")
    .option(
      "--cache-dir <dir>",
      "cache for downloads (<dir>/hub) and conversions (<dir>/converted); default: the HuggingFace hub cache " +
        "($HF_HUB_CACHE, $HF_HOME/hub or ~/.cache/huggingface/hub, shared with Python) and ~/.cache/longformer-ts/converted",
    )
    .option("--endpoint <url>", "hub endpoint (default $HF_ENDPOINT or https://huggingface.co)")
    .option("--hub-timeout <seconds>", "give up on the hub when it does not answer this fast", positiveSeconds, 5)
    .option("--no-progress", "no download/conversion progress on stderr")
    .addHelpText(
      "after",
      `\nThe default model ${DEFAULT_MODEL} is downloaded, converted and cached on first use.\n` +
        "When the hub cannot be reached, the demo says so and falls back to the mini-mlm test fixture\n" +
        "(random weights: its predictions are meaningless). A model you name with --model never falls back.\n" +
        "Results go to stdout; logs and progress to stderr. Exit status: 0 done, 1 failed, 2 bad usage.",
    )
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
}

/** Errors that mean "fix the command line or the text", not "the run broke". */
const USAGE_CODES: ReadonlySet<string> = new Set(["USAGE", "NO_MASK_TOKEN", "EMPTY_TEXT"]);

/** A typed error (a `code`) the pipeline raised about one text; anything else stops the run. */
function textFailure(text: string, e: unknown): TextFailure | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return undefined;
  return { text, error: { code, message: (e as Error).message ?? String(e) } };
}

/** The CLI without process globals, so tests can run it in-process. Returns the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  let opts: CliOptions;
  let texts: string[];
  try {
    program.parse(argv, { from: "user" });
    opts = program.opts<CliOptions>();
    texts = program.args.length > 0 ? program.args : DEFAULT_EXAMPLES;
  } catch (e) {
    const status = parseFailureStatus(e);
    if (status === undefined) throw e;
    return status;
  }

  const progress = opts.progress ? new StderrProgress(io.stderr) : undefined;
  // Through the progress display when there is one: a log line must not land on a bar's line.
  const log = progress?.log ?? ((line: string): void => void io.stderr.write(`${line}\n`));
  try {
    const spec = parseModelSpec(opts.model ?? DEFAULT_MODEL, io.cwd, opts.revision);
    const model = await resolveModel(spec, {
      isDefault: opts.model === undefined,
      env: io.env,
      log,
      hub: {
        cacheDir: opts.cacheDir,
        offline: opts.offline,
        endpoint: opts.endpoint,
        connectTimeoutMs: opts.hubTimeout * 1000,
        onProgress: progress?.onProgress,
      },
    });
    progress?.stop();

    const started = performance.now();
    const pipeline = await loadFillMask(model.source, opts.backend);
    const loadMs = performance.now() - started;
    log(`loaded ${model.name} on ${opts.backend} in ${(loadMs / 1000).toFixed(2)} s`);
    const results: Array<TextResult | TextFailure> = [];
    try {
      for (const [i, text] of texts.entries()) {
        const t0 = performance.now();
        try {
          const filled = await pipeline.fillMask(text, { topK: opts.topK });
          for (const warning of filled.warnings) log(`warning [${warning.code}]: ${warning.message}`);
          results.push({ text, ...filled, ms: Math.round(performance.now() - t0) });
        } catch (e) {
          // One text that cannot be processed is reported for that text; the others still run.
          const failure = textFailure(text, e);
          if (!failure) throw e;
          results.push(failure);
          const which = texts.length > 1 ? ` (text ${i + 1} of ${texts.length})` : "";
          log(`error [${failure.error.code}]${which}: ${failure.error.message}`);
        }
      }
    } finally {
      pipeline.dispose();
    }
    const done = results.filter((r): r is TextResult => !isFailure(r));
    if (opts.json) {
      io.stdout.write(`${JSON.stringify(jsonReport(model, opts.backend, opts.topK, loadMs, results), null, 2)}\n`);
    } else if (done.length > 0) {
      io.stdout.write(formatText(model, done));
    }
    const failures = results.filter(isFailure);
    if (failures.length === 0) return EXIT_OK;
    return failures.every((f) => isUsageError(f.error, USAGE_CODES)) ? EXIT_USAGE : EXIT_FAILED;
  } catch (e) {
    progress?.stop();
    return reportFailure(e, { log, env: io.env, usageCodes: USAGE_CODES });
  }
}
