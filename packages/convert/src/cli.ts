#!/usr/bin/env node
// The `longformer-convert` bin. All logic lives in cli/run-cli.ts so tests can run it in-process.
import { runCli } from "./cli/run-cli.js";

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
