#!/usr/bin/env -S tsx --conditions=source
import { cliArgv, exitWhenFlushed, processIo } from "@longformer-ts/cli-kit";
import { runCli } from "./run-cli.js";

// SIGTERM (and Ctrl-C) drain a worker: it takes no new job and finishes the ones in hand. A second signal exits.
const stop = new AbortController();
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write(`${signal}: finishing the jobs in hand, then stopping\n`);
    stop.abort();
  });
}

exitWhenFlushed(await runCli(cliArgv(), { ...processIo(), signal: stop.signal }));
