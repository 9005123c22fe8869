import { Command, CommanderError, Option } from "commander";
import { convert, DEFAULT_SHARD_SIZE } from "../convert/convert.js";
import { packageVersion } from "../convert/package-version.js";
import { ConvertError } from "../errors.js";
import { formatSummary, parseSize } from "./format.js";
import { StderrProgress } from "./progress.js";

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Exit statuses: 0 converted, 1 conversion failed (ConvertError or I/O), 2 bad command line. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

interface CliOptions {
  dtype: "float32" | "float16";
  shardSize: string;
  json?: boolean;
  force?: boolean;
  allowNonFinite?: boolean;
  revision?: string;
  cacheDir?: string;
  offline?: boolean;
  endpoint?: string;
  progress: boolean;
}

function buildProgram(io: CliIo): Command {
  return new Command("longformer-convert")
    .description(
      "Convert a HuggingFace Longformer checkpoint (safetensors or pytorch_model.bin, local or on the hub) to TF.js weights.\n" +
        "The summary goes to stdout, logs and the progress bar to stderr.",
    )
    .argument("<src>", "checkpoint directory, weight file, or hub repo id (owner/name)")
    .argument("<out>", "output directory (created atomically)")
    .addOption(
      new Option("--dtype <dtype>", "stored dtype of float tensors").choices(["float32", "float16"]).default("float32"),
    )
    .option("--shard-size <size>", "bytes per shard file, e.g. 4MB, 512KB", `${DEFAULT_SHARD_SIZE / 1024 / 1024}MB`)
    .option("--json", "print the summary as JSON")
    .option("-f, --force", "replace a previous conversion output (never a directory holding other files)")
    .option("--allow-non-finite", "convert weights holding NaN or Infinity (with a warning) instead of failing")
    .option("--revision <rev>", "hub revision (branch, tag or commit)", "main")
    .option("--cache-dir <dir>", "hub download cache")
    .option("--offline", "use only the hub cache (also HF_HUB_OFFLINE=1)")
    .option("--endpoint <url>", "hub endpoint (also HF_ENDPOINT)")
    .option("--no-progress", "no progress output on stderr")
    .version(packageVersion())
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
}

/** The CLI without process globals, so tests can run it in-process. Returns the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  let src: string;
  let out: string;
  let opts: CliOptions;
  try {
    program.parse(argv, { from: "user" });
    [src, out] = program.args as [string, string];
    opts = program.opts<CliOptions>();
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw e;
  }

  let shardSize: number;
  try {
    shardSize = parseSize(opts.shardSize);
  } catch (e) {
    io.stderr.write(`error: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  const progress = new StderrProgress(io.stderr, opts.progress);
  try {
    const summary = await convert(src, out, {
      dtype: opts.dtype,
      shardSize,
      overwrite: opts.force ?? false,
      allowNonFinite: opts.allowNonFinite ?? false,
      onProgress: progress.onProgress,
      hub: {
        revision: opts.revision,
        ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
        ...(opts.offline ? { offline: true } : {}),
        ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      },
    });
    progress.stop();
    if (summary.nonFinite.length > 0) {
      io.stderr.write(
        `warning: NaN or Infinity in ${summary.nonFinite.length} tensor(s), converted because of --allow-non-finite: ${summary.nonFinite.slice(0, 5).join(", ")}${summary.nonFinite.length > 5 ? ` and ${summary.nonFinite.length - 5} more` : ""}\n`,
      );
    }
    io.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummary(summary)}\n`);
    return EXIT_OK;
  } catch (e) {
    progress.stop();
    if (e instanceof ConvertError) {
      io.stderr.write(`error [${e.code}]: ${e.message}\n`);
      return e.code === "INVALID_ARGUMENT" ? EXIT_USAGE : EXIT_FAILED;
    }
    io.stderr.write(`error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_FAILED;
  }
}
