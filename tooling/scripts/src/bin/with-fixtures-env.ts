#!/usr/bin/env -S npx tsx
// Usage: with-fixtures-env <command> [args...]: runs the command with LONGFORMER_FIXTURES made absolute.
import { spawnSync } from "node:child_process";
import { withAbsoluteFixtures } from "../fixtures-env.js";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write("usage: with-fixtures-env <command> [args...]\n");
  process.exit(2);
}
const result = spawnSync(command, args, { stdio: "inherit", env: withAbsoluteFixtures(process.env) });
if (result.error) {
  process.stderr.write(`with-fixtures-env: ${command}: ${result.error.message}\n`);
  process.exit(127);
}
if (result.signal) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
