import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseFailureStatus, reportFailure } from "@longformer-ts/cli-kit";
import { Command, InvalidArgumentError, Option } from "commander";
import { collect } from "./collect.js";
import { enqueue, formatEnqueueReport } from "./enqueue.js";
import { USAGE_CODES } from "./errors.js";
import type { CliIo, RunContext } from "./run-context.js";
import { formatStatus, status } from "./status.js";
import { TASK_NAMES } from "./tasks.js";
import { work } from "./work.js";

export type { CliIo } from "./run-context.js";

/** Exit statuses: 0 done, 1 something failed (Redis, the model, an input, an unfinished collect), 2 bad usage. */
export { EXIT_FAILED, EXIT_OK, EXIT_USAGE };

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a non-negative integer");
  return n;
}

/** The command to run once the command line is parsed. */
type Action = (ctx: RunContext) => Promise<number>;

function buildProgram(io: CliIo, setAction: (a: Action) => void): Command {
  const program = new Command("longformer-batch")
    .description("Corpus-scale inference with Longformer/HAT pipelines over Redis + BullMQ.")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText(
      "after",
      "\nData (reports, results) goes to stdout; logs and progress to stderr.\n" +
        "Exit status: 0 done, 1 something failed, 2 bad usage.",
    );
  const redis = () =>
    new Option("--redis <url>", "Redis URL").env("REDIS_URL").default("redis://127.0.0.1:6379").makeOptionMandatory();
  const queue = () => new Option("--queue <name>", "queue name").makeOptionMandatory();
  const hub = (c: Command) =>
    c
      .option("--revision <rev>", "hub revision (branch, tag or commit)", "main")
      .option("--offline", "use only the hub cache (also HF_HUB_OFFLINE=1)")
      .option("--endpoint <url>", "hub endpoint (default $HF_ENDPOINT or https://huggingface.co)")
      .option("--cache-dir <dir>", "hub cache (default $LONGFORMER_TS_CACHE or ~/.cache/longformer-ts/hub)");

  hub(
    program
      .command("enqueue")
      .description("add documents (JSONL {id, text} per line, - for stdin, or directories of .txt files) to a queue")
      .argument("<inputs...>", "JSONL files, - (stdin) or directories of .txt files")
      .addOption(redis())
      .addOption(queue())
      .addOption(new Option("--task <task>", "what to run on each document").choices(TASK_NAMES).makeOptionMandatory())
      .requiredOption("--model <src>", "checkpoint directory, URL of a converted directory, or hub repo id")
      .addOption(
        new Option("--truncation <policy>", "documents longer than the model: cut (warning) or error (failed)")
          .choices(["cut", "error"])
          .default("cut"),
      )
      .option("--attempts <n>", "tries per document before it is marked failed", positiveInt, 3)
      .option("--retry-delay <ms>", "pause before a document's next try", nonNegativeInt, 1000)
      .option("--chunk-size <n>", "documents per Redis round trip", positiveInt, 500)
      .option("--json", "print the report as JSON"),
  ).action((inputs: string[], opts) =>
    setAction(async (ctx) => {
      const report = await enqueue(ctx, opts, inputs);
      io.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : formatEnqueueReport(report));
      return report.rejected > 0 ? EXIT_FAILED : EXIT_OK;
    }),
  );

  hub(
    program
      .command("work")
      .description("run the queue's task on its documents until stopped (SIGTERM finishes the jobs in hand)")
      .addOption(redis())
      .addOption(queue())
      .option("--concurrency <n>", "jobs held at once by this process", positiveInt, 1)
      .option("--model <src>", "load the queue's model from here (must hold the same files)")
      .option("--out <file.jsonl>", "also append every result line to this file")
      .option("--until-done", "exit once no document is waiting, delayed or being worked on")
      .addOption(new Option("--backend <name>", "TF.js backend").choices(["wasm", "cpu"]).default("wasm"))
      .option("--lock-duration <ms>", "a job whose worker is silent this long is run again", positiveInt, 30_000)
      .option("--stall-interval <ms>", "how often workers look for such jobs", positiveInt, 30_000)
      .option("--json", "print the worker's summary as JSON when it stops"),
  ).action((opts) =>
    setAction(async (ctx) => {
      const report = await work(ctx, opts);
      if (opts.json) io.stdout.write(`${JSON.stringify(report)}\n`);
      return EXIT_OK;
    }),
  );

  program
    .command("status")
    .description("progress of a queue: waiting, active, done, failed, docs/s, ETA")
    .addOption(redis())
    .addOption(queue())
    .option("--watch [ms]", "draw a progress bar on stderr until every document is finished", positiveInt)
    .option("--json", "print the status as JSON")
    .action((opts) =>
      setAction(async (ctx) => {
        const watch = opts.watch === true ? 1000 : opts.watch;
        const s = await status(ctx, { ...opts, watch });
        io.stdout.write(opts.json ? `${JSON.stringify(s)}\n` : formatStatus(s));
        return EXIT_OK;
      }),
    );

  program
    .command("collect")
    .description("write every document's result line (JSONL), in input order")
    .addOption(redis())
    .addOption(queue())
    .option("--out <file>", "where to write the lines (- for stdout)", "-")
    .option("--json", "print the counts as JSON on stderr")
    .action((opts) =>
      setAction(async (ctx) => {
        const report = await collect(ctx, opts);
        ctx.log(
          opts.json
            ? JSON.stringify(report)
            : `collected ${report.done + report.failed} lines (${report.done} done, ${report.failed} failed) from queue ${report.queue}`,
        );
        return EXIT_OK;
      }),
    );
  return program;
}

/** The CLI without process globals, so tests can run it in-process. Returns the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let action: Action | undefined;
  const program = buildProgram(io, (a) => {
    action = a;
  });
  try {
    program.parse(argv, { from: "user" });
  } catch (e) {
    const status = parseFailureStatus(e);
    if (status === undefined) throw e;
    return status;
  }
  const log = (line: string): void => void io.stderr.write(`${line}\n`);
  if (!action) {
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    return await action({ io, log });
  } catch (e) {
    return reportFailure(e, { log, env: io.env, usageCodes: USAGE_CODES });
  }
}
