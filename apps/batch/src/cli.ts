#!/usr/bin/env -S tsx --conditions=source
import { runCli } from "./run-cli.js";

// `pnpm batch -- --json ...` hands the `--` through; drop it so the options after it still count.
const argv = process.argv.slice(2);
if (argv[0] === "--") argv.shift();

// SIGTERM (and Ctrl-C) drain a worker: it takes no new job and finishes the ones in hand. A second signal exits.
const stop = new AbortController();
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write(`${signal}: finishing the jobs in hand, then stopping\n`);
    stop.abort();
  });
}

const status = await runCli(argv, {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // Run through pnpm, the script starts in this package's folder; INIT_CWD is where the user typed it.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  signal: stop.signal,
});
process.stdout.write("", () => process.exit(status));
