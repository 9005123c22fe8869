import { runCli } from "./run-cli.js";

// `pnpm classify -- --json ...` hands the `--` through; drop it so the options after it still count.
const argv = process.argv.slice(2);
if (argv[0] === "--") argv.shift();

const status = await runCli(argv, {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // Run through pnpm, the script starts in this package's folder; INIT_CWD is where the user typed it.
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
process.stdout.write("", () => process.exit(status));
