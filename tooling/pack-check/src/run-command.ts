import { execFile } from "node:child_process";
import { PackCheckError } from "./manifest.js";

export interface CommandResult {
  stdout: string;
  stderr: string;
}

/**
 * The environment for child tools: the parent's, minus the `npm_config_*` / `npm_package_*` variables that
 * `pnpm test` exports (they would point the child at the workspace's settings instead of its own).
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_config_|npm_package_|npm_lifecycle_|pnpm_config_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs a command to completion; a non-zero exit is a `COMMAND_FAILED` error carrying its output. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? childEnv(),
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new PackCheckError(
              "COMMAND_FAILED",
              `${command} ${args.join(" ")} (in ${options.cwd}) failed: ${error.message}\n${stdout}\n${stderr}`,
            ),
          );
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}
