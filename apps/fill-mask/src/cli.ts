import { runCli } from "./run-cli.js";

// `pnpm demo -- --json` hands the `--` through; drop it so the options after it still count as options.
const argv = process.argv.slice(2);
if (argv[0] === "--") argv.shift();

const status = await runCli(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // `pnpm demo` runs in this package's folder; INIT_CWD is where the user typed the command.
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
// Exit explicitly: a DNS lookup the hub timeout abandoned may otherwise keep the process alive.
process.stdout.write("", () => process.exit(status));
