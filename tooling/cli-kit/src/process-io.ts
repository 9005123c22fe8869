/** The command-line arguments after the script: `pnpm <script> -- --json` hands the `--` through, dropped here. */
export function cliArgv(argv: readonly string[] = process.argv): string[] {
  const args = argv.slice(2);
  if (args[0] === "--") args.shift();
  return args;
}

/** A stream a progress display may draw on (a terminal says so with `isTTY`). */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean };

/** What an app's `runCli` gets from its process (tests pass their own). */
export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  /** Where relative paths start. */
  cwd: string;
}

/** The process's streams and environment as the apps' `runCli` takes them. */
export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    // Run through pnpm, a script starts in its package's folder; INIT_CWD is where the user typed the command.
    cwd: process.env.INIT_CWD ?? process.cwd(),
  };
}

/** Exits once stdout is flushed (explicitly: an abandoned DNS lookup or socket may otherwise keep the process alive). */
export function exitWhenFlushed(status: number): void {
  process.stdout.write("", () => process.exit(status));
}
