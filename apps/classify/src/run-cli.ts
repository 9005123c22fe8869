import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseFailureStatus, reportFailure } from "@longformer-ts/cli-kit";
import { Command, Option } from "commander";
import { answerReader, classifyFiles, documentReader, entityReader, sentenceReader } from "./classify-files.js";
import { AppError, USAGE_CODES } from "./errors.js";
import { type ChoiceResult, choiceResult, formatChoice } from "./format.js";
import { type ChoiceExample, readChoices } from "./inputs.js";
import { loadPipeline, type Mode, type PipelineOfMode } from "./load-pipeline.js";
import { downloadLog, resolveModelSource } from "./model-source.js";
import type { CliIo, CliOptions, RunContext } from "./run-context.js";

export type { CliIo } from "./run-context.js";

/**
 * Exit statuses: 0 every input classified, 1 something failed (an unreadable file, the model), 2 bad
 * command line (options, an unusable --choices file, a model without the head the mode needs).
 */
export { EXIT_FAILED, EXIT_OK, EXIT_USAGE };

function buildProgram(io: CliIo): Command {
  return new Command("classify")
    .description(
      "Classify long documents, tag their sentences or entities, or answer questions (extractive or multiple choice) with a fine-tuned Longformer/HAT checkpoint.",
    )
    .argument("[files...]", "documents to read (- or nothing: stdin)")
    .requiredOption("--model <src>", "checkpoint directory, URL of a converted directory, or hub repo id")
    .option("--sentences", "label every segment (block of whole sentences) of each document")
    .option(
      "--choices <file.json>",
      "answer {article, question, options} (or an array of them) instead of reading documents",
    )
    .option("--question <text>", "answer this question from each document (a question-answering checkpoint)")
    .option("--entities", "tag the entities of each document (a token-classification checkpoint)")
    .option("--json", "print one JSON object instead of text")
    .addOption(new Option("--backend <name>", "TF.js backend").choices(["wasm", "cpu"]).default("wasm"))
    .option("--revision <rev>", "hub revision (branch, tag or commit)", "main")
    .option("--offline", "use only the hub cache (also HF_HUB_OFFLINE=1)")
    .option("--endpoint <url>", "hub endpoint (default $HF_ENDPOINT or https://huggingface.co)")
    .option(
      "--cache-dir <dir>",
      "hub cache (default $HF_HUB_CACHE, $HF_HOME/hub or ~/.cache/huggingface/hub: huggingface_hub's, shared with Python)",
    )
    .option("--no-progress", "no progress bar on stderr")
    .addHelpText(
      "after",
      "\nText output: documents as `label<TAB>score<TAB>file`; --sentences as `block<TAB>label<TAB>score<TAB>text`\n" +
        "under a header per file; --choices as the options with scores, the answer marked `*`;\n" +
        "--question as `answer<TAB>score<TAB>start-end<TAB>file` (character offsets); --entities as\n" +
        "`entity<TAB>score<TAB>start-end<TAB>word` under a header per file.\n" +
        "Results go to stdout; logs, warnings and the progress bar to stderr.\n" +
        "Exit status: 0 all inputs done, 1 an input or the model failed, 2 bad usage.",
    )
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
}

/** The mode and the inputs, checked before anything is loaded. */
function plan(opts: CliOptions, files: string[], stdinIsTTY: boolean): { mode: Mode; files: string[] } {
  const modes = [
    opts.choices !== undefined && "--choices",
    opts.sentences && "--sentences",
    opts.question !== undefined && "--question",
    opts.entities && "--entities",
  ].filter(Boolean);
  if (modes.length > 1) throw new AppError("USAGE", `${modes.join(" and ")} exclude each other`);
  if (opts.question !== undefined && opts.question.trim() === "") {
    throw new AppError("USAGE", "--question needs a question (it is empty)");
  }
  if (opts.choices !== undefined) {
    if (files.length > 0) {
      throw new AppError(
        "USAGE",
        `--choices reads its examples from ${opts.choices}; do not also pass files (${files.join(", ")})`,
      );
    }
    return { mode: "choices", files: [] };
  }
  if (files.length === 0) {
    if (stdinIsTTY) throw new AppError("USAGE", "no input: pass files, or - to read stdin");
    files = ["-"];
  }
  if (files.filter((f) => f === "-").length > 1) throw new AppError("USAGE", "stdin (-) can be read only once");
  const mode: Mode = opts.sentences
    ? "sentences"
    : opts.question !== undefined
      ? "question"
      : opts.entities
        ? "entities"
        : "documents";
  return { mode, files };
}

const MODE_NAME: Record<Mode, string> = {
  documents: "document classification",
  sentences: "sentence tagging",
  choices: "multiple choice",
  question: "question answering",
  entities: "token classification",
};

/** The CLI without process globals, so tests can run it in-process. Returns the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  let opts: CliOptions;
  let args: string[];
  try {
    program.parse(argv, { from: "user" });
    opts = program.opts<CliOptions>();
    args = program.args;
  } catch (e) {
    const status = parseFailureStatus(e);
    if (status === undefined) throw e;
    return status;
  }
  const log = (line: string): void => void io.stderr.write(`${line}\n`);
  const run: RunContext = { io, opts, log };

  try {
    const { mode, files } = plan(opts, args, io.stdin.isTTY === true);
    // A broken --choices file is found before the model is loaded.
    const examples = opts.choices !== undefined ? await readChoices(opts.choices, io.cwd, io.stdin) : [];
    const source = await resolveModelSource(opts.model, {
      cwd: io.cwd,
      revision: opts.revision,
      offline: opts.offline,
      endpoint: opts.endpoint,
      cacheDir: opts.cacheDir,
      onProgress: opts.progress ? downloadLog(log) : undefined,
    });
    const started = performance.now();
    const pipeline = await loadPipeline(mode, source, opts.backend);
    const labels = mode === "choices" || mode === "question" ? "" : `, labels ${pipeline.model.labels.join(", ")}`;
    log(`loaded ${opts.model} (${MODE_NAME[mode]}${labels}) in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    try {
      if (mode === "choices") return await answerChoices(run, pipeline as PipelineOfMode["choices"], examples);
      const { task, results, failed } = await readFiles(run, mode, pipeline, files);
      if (opts.json) {
        const labels = mode === "question" ? undefined : pipeline.model.labels;
        const report = { model: opts.model, task, ...(labels && { labels }), results };
        io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      }
      return failed > 0 ? EXIT_FAILED : EXIT_OK;
    } finally {
      pipeline.dispose();
    }
  } catch (e) {
    return reportFailure(e, { log, env: io.env, usageCodes: USAGE_CODES });
  }
}

const TASK_OF_MODE = {
  documents: "document-classification",
  sentences: "sentence-tagging",
  question: "question-answering",
  entities: "token-classification",
} as const;

/** Every file through the mode's reader. */
async function readFiles(
  run: RunContext,
  mode: Exclude<Mode, "choices">,
  pipeline: PipelineOfMode[Mode],
  files: string[],
): Promise<{ task: string; results: unknown[]; failed: number }> {
  const task = TASK_OF_MODE[mode];
  switch (mode) {
    case "documents":
      return { task, ...(await classifyFiles(run, documentReader(pipeline as PipelineOfMode["documents"]), files)) };
    case "sentences":
      return { task, ...(await classifyFiles(run, sentenceReader(pipeline as PipelineOfMode["sentences"]), files)) };
    case "question": {
      const reader = answerReader(pipeline as PipelineOfMode["question"], run.opts.question as string);
      return { task, ...(await classifyFiles(run, reader, files)) };
    }
    case "entities":
      return { task, ...(await classifyFiles(run, entityReader(pipeline as PipelineOfMode["entities"]), files)) };
  }
}

async function answerChoices(
  { io, opts, log }: RunContext,
  pipeline: PipelineOfMode["choices"],
  examples: ChoiceExample[],
): Promise<number> {
  const results: ChoiceResult[] = [];
  for (const [i, example] of examples.entries()) {
    const answer = await pipeline.answerMultipleChoice(example);
    for (const w of answer.warnings) log(`warning [${w.code}] example ${i}: ${w.message}`);
    const result = choiceResult(example, answer);
    results.push(result);
    if (!opts.json) io.stdout.write(`${i > 0 ? "\n" : ""}${formatChoice(result)}`);
  }
  if (opts.json)
    io.stdout.write(`${JSON.stringify({ model: opts.model, task: "multiple-choice", results }, null, 2)}\n`);
  return EXIT_OK;
}
