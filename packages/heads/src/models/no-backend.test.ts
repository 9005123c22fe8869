import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

describe("loading without any registered tfjs backend", () => {
  it("createPipeline, loadModel and fromPretrained throw BackendError NO_BACKEND naming the packages", async () => {
    // A fresh process: in this one the test setup has registered backends already.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "--import",
        "tsx",
        "--conditions=source",
        join(PACKAGE_DIR, "src/testing/no-backend-child.test-util.ts"),
        join(longformerFixturesDir(), "models", "tiny-mlm"),
      ],
      { cwd: PACKAGE_DIR },
    );
    const results = JSON.parse(stdout) as Record<string, { name: string; code: string; message: string }>;
    for (const loader of ["createPipeline", "loadModel", "fromPretrained"]) {
      expect(results[loader], loader).toMatchObject({ name: "BackendError", code: "NO_BACKEND" });
      expect(results[loader]?.message).toContain("@tensorflow/tfjs-backend-wasm");
      expect(results[loader]?.message).toContain("@tensorflow/tfjs-backend-cpu");
    }
  }, 60_000);
});
