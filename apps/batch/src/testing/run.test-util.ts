import { PassThrough, Readable } from "node:stream";
import { runCli } from "../run-cli.js";

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Runs `longformer-batch <argv>` in this process with captured stdout/stderr. */
export async function runBatch(argv: string[], options: { cwd?: string; stdin?: string } = {}): Promise<CliRun> {
  const out = capture();
  const err = capture();
  const status = await runCli(argv, {
    stdin: Readable.from(options.stdin ? [Buffer.from(options.stdin)] : []),
    stdout: out.stream,
    stderr: err.stream,
    env: {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { status, stdout: out.text(), stderr: err.text() };
}
