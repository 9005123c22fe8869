import { PassThrough } from "node:stream";
import { fixturesRoot } from "@longformer-ts/test-helpers";
import { runCli } from "../run-cli.js";

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Runs the CLI in-process with captured stdout/stderr (not a terminal) and the fixtures of the test helpers. */
export async function runFillMask(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out = collect();
  const err = collect();
  const status = await runCli(argv, {
    stdout: out.stream,
    stderr: err.stream,
    env: { LONGFORMER_FIXTURES: fixturesRoot(), ...env },
    cwd: process.cwd(),
  });
  return { status, stdout: out.text(), stderr: err.text() };
}
