import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "./testing/fixtures.test-util.js";

// The example's TMPDIR; created at the top level so that tempDir's afterAll removes it.
const tmp = tempDir("convert-example-tmp-");

describe("examples", () => {
  it("load-and-convert.ts prints what the README shows and leaves nothing in the temp dir", () => {
    // It used to leave a 42 MB mini-tfjs-<pid> directory in /tmp on every run.
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    const example = fileURLToPath(new URL("../examples/load-and-convert.ts", import.meta.url));
    const run = spawnSync(process.execPath, [tsx, example], {
      encoding: "utf8",
      env: { ...process.env, TMPDIR: tmp },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split("\n")).toEqual([
      "safetensors 256 [ 30522, 256 ]",
      "144 14096954 43882216 11",
      "tfjs float16",
      "",
    ]);
    // tsx keeps its compile cache (tsx-<uid>) in the temp dir; nothing else may stay.
    expect(readdirSync(tmp).filter((name) => !name.startsWith("tsx-"))).toEqual([]);
  });
});
