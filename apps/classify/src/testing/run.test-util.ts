import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { runCli } from "../run-cli.js";

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

function collect(isTTY: boolean): { stream: PassThrough & { isTTY?: boolean; columns?: number }; text: () => string } {
  const stream: PassThrough & { isTTY?: boolean; columns?: number } = new PassThrough();
  if (isTTY)
    Object.assign(stream, {
      isTTY: true,
      columns: 100,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

export interface RunOptions {
  /** stdin content (default: an empty, non-terminal stream). */
  stdin?: string | Buffer;
  /** Make stdin look like a terminal (nothing piped in). */
  stdinIsTTY?: boolean;
  /** Make stderr look like a terminal (progress bars). */
  stderrIsTTY?: boolean;
  cwd?: string;
}

/** Runs the CLI in-process with captured stdout/stderr. */
export async function runClassify(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  const out = collect(false);
  const err = collect(options.stderrIsTTY ?? false);
  const stdin: Readable & { isTTY?: boolean } = Readable.from(options.stdin ? [Buffer.from(options.stdin)] : []);
  if (options.stdinIsTTY) stdin.isTTY = true;
  const status = await runCli(argv, {
    stdin,
    stdout: out.stream,
    stderr: err.stream,
    env: {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { status, stdout: out.text(), stderr: err.text() };
}

/**
 * On 127.0.0.1: `hubDir` as a hub repo (`/<repoId>/resolve/main/<file>`) and `plainDir` as a plain
 * directory (`/plain/<file>`).
 */
export async function serveModel(
  repoId: string,
  hubDir: string,
  plainDir: string,
): Promise<{ endpoint: string; close(): Promise<void> }> {
  const roots: Array<[string, string]> = [
    [`/${repoId}/resolve/main/`, hubDir],
    ["/plain/", plainDir],
  ];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const [prefix, root] = roots.find(([p]) => path.startsWith(p)) ?? [];
    const file = prefix && root ? join(root, path.slice(prefix.length)) : undefined;
    if (!file || file.includes("..") || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
