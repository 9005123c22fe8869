import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "@longformer-ts/test-helpers";
import { afterAll, describe, expect, it } from "vitest";
import { ensureSystemPackages, missingPackages, SystemPackagesMissingError } from "./ensure-system-packages.js";
import { SYSTEM_PACKAGES, type SystemPackage } from "./system-packages.js";

const scratch = mkdtempSync(join(tmpdir(), "system-packages-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let count = 0;

/** An executable shell script at `<dir>/<name>`. */
function script(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/**
 * A PATH of one fresh folder, empty but for (optionally) an `apt-get` that logs its
 * arguments and, on `install`, puts each named package's executable into the folder.
 */
function sandbox(withAptGet: boolean, aptExit = 0): { bin: string; log: string; env: NodeJS.ProcessEnv } {
  const bin = join(scratch, `bin-${count++}`);
  const log = join(bin, "apt.log");
  mkdirSync(bin, { recursive: true });
  if (withAptGet) {
    script(
      bin,
      "apt-get",
      `echo "$DEBIAN_FRONTEND apt-get $*" >> "${log}"
[ "${aptExit}" = 0 ] || exit ${aptExit}
if [ "$1" = install ]; then shift 2; for p in "$@"; do printf '#!/bin/sh\\n' > "${bin}/$p"; /bin/chmod 755 "${bin}/$p"; done; fi`,
    );
  }
  // Only this folder: the system's own apt-get (in /usr/bin) must never run from a test.
  return { bin, log, env: { PATH: bin } };
}

const TOY: SystemPackage = { command: "toy-server", apt: "toy-server", neededBy: "the toy test" };
const quiet = () => {};

function thrown(run: () => unknown): SystemPackagesMissingError {
  try {
    run();
  } catch (error) {
    if (error instanceof SystemPackagesMissingError) return error;
    throw error;
  }
  throw new Error("expected a SystemPackagesMissingError");
}

describe("ensureSystemPackages", () => {
  it("does nothing when every executable is there", () => {
    const { bin, log, env } = sandbox(true);
    script(bin, "toy-server", "exit 0");
    expect(ensureSystemPackages([TOY], { env, isRoot: true, log: quiet })).toEqual([]);
    expect(() => readFileSync(log)).toThrow(); // apt-get never ran
  });

  it("as root with apt-get: runs apt-get update, then install -y, non-interactively, and checks again", () => {
    const { bin, log, env } = sandbox(true);
    const lines: string[] = [];
    expect(ensureSystemPackages([TOY], { env, isRoot: true, log: (l) => lines.push(l) })).toEqual(["toy-server"]);
    expect(readFileSync(log, "utf8")).toBe(
      "noninteractive apt-get update\nnoninteractive apt-get install -y toy-server\n",
    );
    expect(missingPackages([TOY], env)).toEqual([]);
    expect(lines.join("\n")).toMatch(/installing toy-server \(needed by the toy test\)/);
    expect(readFileSync(join(bin, "toy-server"), "utf8")).toMatch(/^#!/);
  });

  it("not root: fails at once with the one command that installs the packages", () => {
    const { log, env } = sandbox(true);
    const error = thrown(() => ensureSystemPackages([TOY], { env, isRoot: false, log: quiet }));
    expect(error.code).toBe("SYSTEM_PACKAGES_MISSING");
    expect(error.installCommand).toBe(
      "sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y toy-server",
    );
    expect(error.message).toContain("toy-server (the toy test)");
    expect(error.message).toContain(error.installCommand);
    expect(() => readFileSync(log)).toThrow();
  });

  it("no apt-get: names the packages and the variable that can point elsewhere", () => {
    const { env } = sandbox(false);
    const browser: SystemPackage = { ...TOY, command: join(scratch, "no", "chromium"), pathEnv: "TOY_PATH" };
    const error = thrown(() => ensureSystemPackages([browser], { env, isRoot: true, log: quiet }));
    expect(error.message).toMatch(/no apt-get/);
    expect(error.message).toMatch(/TOY_PATH/);
  });

  it("a failing apt-get is reported with the command to run by hand", () => {
    const { env } = sandbox(true, 100);
    const error = thrown(() => ensureSystemPackages([TOY], { env, isRoot: true, log: quiet }));
    expect(error.message).toMatch(/apt-get update failed \(exit 100\)/);
    expect(error.installCommand).toMatch(/^apt-get update && /);
  });

  it("an executable named by the package's variable counts as installed", () => {
    const { bin, env } = sandbox(false);
    const elsewhere = script(bin, "my-chromium", "exit 0");
    const browser: SystemPackage = { ...TOY, command: join(scratch, "no", "chromium"), pathEnv: "TOY_PATH" };
    expect(missingPackages([browser], env)).toEqual([browser]);
    expect(missingPackages([browser], { ...env, TOY_PATH: elsewhere })).toEqual([]);
  });

  it.each([
    ["chromium", "apps/web/test/chromium.test-util.ts"],
    ["redis-server", "apps/batch/src/testing/redis-server.test-util.ts"],
  ])("the list holds Debian's %s at the path its test launches (%s)", (apt, launcherPath) => {
    const launcher = readFileSync(join(repoRoot(), launcherPath), "utf8");
    const pkg = SYSTEM_PACKAGES.find((p) => p.apt === apt);
    expect(pkg).toBeDefined();
    expect(launcher).toContain(`process.env.${pkg!.pathEnv} ?? "${pkg!.command}"`);
  });
});
