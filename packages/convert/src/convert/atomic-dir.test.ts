import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectCode } from "../testing/expect-code.test-util.js";
import { tempDir } from "../testing/fixtures.test-util.js";
import { writeDirectoryAtomically } from "./atomic-dir.js";
import { sweepStaleTempDirs } from "./temp-dirs.js";

const work = tempDir("convert-atomic-");
const writeOutput = (target: string, overwrite = false) =>
  writeDirectoryAtomically(target, overwrite, async (temp) => {
    writeFileSync(join(temp, "model.json"), JSON.stringify({ format: "longformer-ts-weights" }));
    writeFileSync(join(temp, "group1-shard1of1.bin"), new Uint8Array(16));
  });
const temps = (parent: string) => readdirSync(parent).filter((f) => /\.(tmp|old)-/.test(f));

/** The pid of a process that has exited (so no live process has it, barring reuse within the test). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("writeDirectoryAtomically", () => {
  it("creates the output with the umask's mode (mkdtemp made it 0700)", async () => {
    const previous = process.umask(0o022);
    try {
      await writeOutput(join(work, "mode"));
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(work, "mode")).mode & 0o777).toBe(0o755);
  });

  it("gives a typed error when the output's parent is a file, or the output is a file", async () => {
    writeFileSync(join(work, "a-file"), "x");
    await expectCode(() => writeOutput(join(work, "a-file", "out")), "OUTPUT_NOT_DIRECTORY", /a-file is a file/);
    await expectCode(() => writeOutput(join(work, "a-file", "deeper", "out")), "OUTPUT_NOT_DIRECTORY");
    await expectCode(() => writeOutput(join(work, "a-file"), true), "OUTPUT_NOT_DIRECTORY");
    expect(readFileSync(join(work, "a-file"), "utf8")).toBe("x");
  });

  it("replaces only a previous conversion output, never a directory with other files", async () => {
    const out = join(work, "replace");
    await writeOutput(out);
    await writeOutput(out, true);
    writeFileSync(join(out, "NOTES.md"), "mine");
    await expectCode(() => writeOutput(out, true), "OUTPUT_NOT_REPLACEABLE", /NOTES\.md/);
    expect(readFileSync(join(out, "NOTES.md"), "utf8")).toBe("mine");
    const foreign = join(work, "foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "model.json"), JSON.stringify({ format: "something-else" }));
    await expectCode(() => writeOutput(foreign, true), "OUTPUT_NOT_REPLACEABLE", /not a longformer-ts conversion/);
    expect(temps(work)).toEqual([]);
  });

  it("sweeps temp dirs of dead writers that hold only conversion output, and nothing else", async () => {
    const parent = join(work, "sweep");
    mkdirSync(parent);
    const dead = deadPid();
    const stale = join(parent, `.out.tmp-${dead}-0123456789ab`);
    const staleOld = join(parent, `.out.old-${dead}-0123456789ac`);
    const live = join(parent, `.out.tmp-${process.pid}-0123456789ad`);
    const foreign = join(parent, `.out.tmp-${dead}-0123456789ae`);
    const otherTarget = join(parent, `.other.tmp-${dead}-0123456789af`);
    for (const dir of [stale, live, foreign, otherTarget, join(staleOld, "previous")])
      mkdirSync(dir, { recursive: true });
    for (const dir of [stale, live, foreign, otherTarget, join(staleOld, "previous")])
      writeFileSync(join(dir, "group1-shard1of2.bin"), new Uint8Array(8));
    writeFileSync(join(foreign, "thesis.tex"), "not ours");
    expect(sweepStaleTempDirs(parent, "out").sort()).toEqual([stale, staleOld].sort());
    expect(existsSync(live) && existsSync(foreign) && existsSync(otherTarget)).toBe(true);
    // A conversion to the same target sweeps too.
    mkdirSync(stale);
    await writeOutput(join(parent, "out"));
    expect(existsSync(stale)).toBe(false);
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`removes the temp dir when the process gets ${signal}`, async () => {
      const require = createRequire(import.meta.url);
      const tsx = require.resolve("tsx/cli");
      const script = fileURLToPath(new URL("../testing/hold-temp-dir.test-util.ts", import.meta.url));
      const parent = join(work, `signal-${signal}`);
      mkdirSync(parent);
      const child: ChildProcess = spawn(process.execPath, [tsx, script, join(parent, "out")], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      const temp = await new Promise<string>((resolve, reject) => {
        let text = "";
        child.stdout?.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          const m = /ready (.+)\n/.exec(text);
          if (m) resolve(m[1] as string);
        });
        child.on("exit", () => reject(new Error(`child exited early: ${text}`)));
      });
      expect(existsSync(temp)).toBe(true);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, s) => resolve(s)));
      child.kill(signal);
      // tsx relays the signal to the script's process and exits with it.
      await exited;
      expect(existsSync(temp)).toBe(false);
      expect(readdirSync(parent)).toEqual([]);
    });
  }
});
