import { spawnSync } from "node:child_process";
import { findExecutable } from "./find-executable.js";
import type { SystemPackage } from "./system-packages.js";

/** Thrown when a program the tests need is missing and could not be installed here. */
export class SystemPackagesMissingError extends Error {
  readonly code = "SYSTEM_PACKAGES_MISSING";
  constructor(
    readonly missing: readonly SystemPackage[],
    /** The one command that installs them (what the message tells the user to run). */
    readonly installCommand: string,
    why: string,
  ) {
    super(
      `missing ${missing.map((p) => `${p.command} (${p.neededBy})`).join(", ")}: ${why}.\n` +
        `Install with:\n  ${installCommand}`,
    );
    this.name = "SystemPackagesMissingError";
  }
}

export interface EnsureOptions {
  env?: NodeJS.ProcessEnv;
  /** Whether this process may run apt-get itself (default: uid 0). */
  isRoot?: boolean;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

/** The packages whose executable is not there (`pathEnv`, when set, replaces `command`). */
export function missingPackages(packages: readonly SystemPackage[], env: NodeJS.ProcessEnv): SystemPackage[] {
  return packages.filter((p) => !findExecutable((p.pathEnv && env[p.pathEnv]) || p.command, env));
}

function installCommand(names: string[], sudo: boolean): string {
  const s = sudo ? "sudo " : "";
  return `${s}apt-get update && ${s}DEBIAN_FRONTEND=noninteractive apt-get install -y ${names.join(" ")}`;
}

/**
 * Makes sure every package's executable exists: when some are missing and this is a Debian-like system on
 * which we are root, runs `apt-get update` and `apt-get install -y` for them (output to stderr); otherwise
 * throws `SystemPackagesMissingError` carrying the one command that installs them. Returns what it installed.
 */
export function ensureSystemPackages(packages: readonly SystemPackage[], options: EnsureOptions = {}): string[] {
  const env = options.env ?? process.env;
  const isRoot = options.isRoot ?? process.getuid?.() === 0;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const missing = missingPackages(packages, env);
  if (missing.length === 0) return [];
  const names = [...new Set(missing.map((p) => p.apt))];
  const aptGet = findExecutable("apt-get", env);
  if (!aptGet) {
    throw new SystemPackagesMissingError(
      missing,
      installCommand(names, !isRoot),
      "this system has no apt-get (install the same packages with its package manager, or set " +
        `${missing.flatMap((p) => p.pathEnv ?? []).join("/") || "PATH"} to an existing executable)`,
    );
  }
  if (!isRoot) {
    throw new SystemPackagesMissingError(missing, installCommand(names, true), "only root can install them");
  }
  log(`system packages: installing ${names.join(" ")} (needed by ${missing.map((p) => p.neededBy).join(", ")})`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", ...names]]) {
    // apt's own output goes to stderr: stdout stays the test suite's.
    const result = spawnSync(aptGet, args, { env: aptEnv, stdio: ["ignore", process.stderr, process.stderr] });
    if (result.status !== 0) {
      throw new SystemPackagesMissingError(
        missing,
        installCommand(names, false),
        `apt-get ${args[0]} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`,
      );
    }
  }
  const still = missingPackages(packages, env);
  if (still.length > 0) {
    throw new SystemPackagesMissingError(
      still,
      installCommand(names, false),
      "apt-get succeeded but they are not there",
    );
  }
  return names;
}
