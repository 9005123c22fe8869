import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CommandResult, childEnv, runCommand } from "./run-command.js";

/** The consumer sources and tsconfigs shipped with this package (`consumer/`). */
export const CONSUMER_SOURCES = fileURLToPath(new URL("../consumer", import.meta.url));

/**
 * A project outside the workspace that installs packages from a registry with pnpm, into its own store,
 * and runs the consumer files against them.
 */
export class ConsumerProject {
  constructor(
    readonly dir: string,
    private registryUrl: string,
    private readonly storeDir: string,
  ) {
    mkdirSync(dir, { recursive: true });
    cpSync(CONSUMER_SOURCES, dir, { recursive: true });
  }

  /** Writes package.json with these dependencies and runs `pnpm install` against the registry. */
  async install(dependencies: Record<string, string>): Promise<CommandResult> {
    const manifest = { name: "pack-check-consumer", version: "0.0.0", private: true, type: "module", dependencies };
    writeFileSync(join(this.dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    // CI=true would otherwise require a lockfile the consumer never had.
    return this.pnpm("install", "--no-frozen-lockfile");
  }

  /** Points the consumer at the registry (e.g. a new one holding an upgraded tarball). */
  useRegistry(url: string): void {
    this.registryUrl = url;
  }

  private pnpm(...args: string[]): Promise<CommandResult> {
    return runCommand(
      "pnpm",
      [
        ...args,
        `--registry=${this.registryUrl}`,
        `--store-dir=${this.storeDir}`,
        `--config.cache-dir=${join(this.storeDir, "..", "pnpm-cache")}`,
      ],
      // The registry is local: never route it through a proxy configured for the real one.
      {
        cwd: this.dir,
        timeoutMs: 180_000,
        env: childEnv({ NO_PROXY: "127.0.0.1,localhost", no_proxy: "127.0.0.1,localhost" }),
      },
    );
  }

  /** `node <file> ...args` in a fresh process; its stdout parsed as JSON. */
  async runNode<T>(file: string, args: readonly string[] = []): Promise<T> {
    const { stdout } = await runCommand(process.execPath, [file, ...args], { cwd: this.dir, env: childEnv() });
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as T;
  }
}
