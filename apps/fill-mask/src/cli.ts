import { cliArgv, exitWhenFlushed, processIo } from "@longformer-ts/cli-kit";
import { runCli } from "./run-cli.js";

exitWhenFlushed(await runCli(cliArgv(), processIo()));
