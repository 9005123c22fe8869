import { randomBytes } from "node:crypto";
import { readdirSync, rmSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { isProcessAlive } from "../process-alive.js";
import { isOutputFileName } from "./output-files.js";

/**
 * Temporary siblings of an output directory: `.<name>.tmp-<pid>-<hex>` (being written) and
 * `.<name>.old-<pid>-<hex>` (a replaced output on its way out). The pid in the name lets a later run tell a
 * dead writer's leftovers from a live writer's work.
 */
const TEMP_NAME = /^\.(.+)\.(tmp|old)-(\d+)-[0-9a-f]{12}$/;
/** What `mkdtemp` named them before the pid was part of the name. */
const LEGACY_TEMP_NAME = /^\.(.+)\.(tmp|old)-[A-Za-z0-9]{6}$/;
/** A legacy temp dir older than this cannot belong to a conversion still running. */
const LEGACY_STALE_MS = 60 * 60 * 1000;

/**
 * Creates `<parent>/.<base>.<kind>-<pid>-<hex>` with `mkdir`, which applies the umask (mkdtemp always
 * makes 0700, so outputs were unreadable for the group even with umask 022).
 */
export async function makeTempDir(parent: string, base: string, kind: "tmp" | "old"): Promise<string> {
  for (;;) {
    const dir = join(parent, `.${base}.${kind}-${process.pid}-${randomBytes(6).toString("hex")}`);
    try {
      await mkdir(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

const active = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const dir of active) rmSync(dir, { recursive: true, force: true });
  active.clear();
  uninstall();
  // Die of the signal as if we had never listened (exit status 128+n, the shell sees the signal).
  process.kill(process.pid, signal);
}

function install(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
}

/**
 * Removes `dir` if the process is interrupted (SIGINT, SIGTERM, SIGHUP) before `release` is called. The
 * handlers are installed only while some temp dir is live, so an idle process keeps Node's default signal
 * behaviour.
 */
export function removeOnSignal(dir: string): () => void {
  if (active.size === 0) install();
  active.add(dir);
  return () => {
    active.delete(dir);
    if (active.size === 0) uninstall();
  };
}

/** Only conversion output (and, in an `.old-` dir, the `previous` folder holding one) is ours to delete. */
function holdsOnlyOutput(dir: string, depth = 0): boolean {
  return readdirSync(dir, { withFileTypes: true }).every((entry) =>
    entry.isDirectory()
      ? depth === 0 && entry.name === "previous" && holdsOnlyOutput(join(dir, entry.name), 1)
      : entry.isFile() && isOutputFileName(entry.name),
  );
}

/**
 * Deletes the leftovers of interrupted conversions to `<parent>/<base>` (killed with SIGKILL, power loss):
 * temp dirs whose writer process is gone (legacy names: older than an hour) and which hold nothing but
 * conversion output. Returns the directories removed.
 */
export function sweepStaleTempDirs(parent: string, base: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const name of names) {
    const current = TEMP_NAME.exec(name);
    const legacy = current ? null : LEGACY_TEMP_NAME.exec(name);
    const owner = current?.[1] ?? legacy?.[1];
    if (owner !== base) continue;
    const dir = join(parent, name);
    try {
      const info = statSync(dir);
      if (!info.isDirectory()) continue;
      const stale = current ? !isProcessAlive(Number(current[3])) : Date.now() - info.mtimeMs > LEGACY_STALE_MS;
      if (!stale || !holdsOnlyOutput(dir)) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Vanished meanwhile (another run swept it): nothing to do.
    }
  }
  return removed;
}
