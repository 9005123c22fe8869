import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { type BackendName, useBackend } from "./backend.js";
import { BackendError } from "./errors.js";

describe("useBackend", () => {
  it("registers and activates the wasm and cpu backends", async () => {
    await useBackend("wasm");
    expect(tf.getBackend()).toBe("wasm");
    await useBackend("cpu");
    expect(tf.getBackend()).toBe("cpu");
  });

  it("names the missing package when a backend is not installed", async () => {
    const error = await useBackend("webgl").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe("BACKEND_UNAVAILABLE");
    expect((error as BackendError).message).toMatch(/@tensorflow\/tfjs-backend-webgl/);
  });

  it("rejects unknown names", async () => {
    const error = await useBackend("tpu" as BackendName).catch((e: unknown) => e);
    expect((error as BackendError).code).toBe("UNKNOWN_BACKEND");
  });
});

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Loads a fixture in a fresh process where tfjs-core has no backend (unless `register` imports one). */
async function loadInFreshProcess(register?: "cpu"): Promise<Record<string, { code?: string; message: string }>> {
  const args = [
    "--import",
    "tsx",
    "--conditions=source",
    join(PACKAGE_DIR, "src/testing/no-backend-child.test-util.ts"),
  ];
  args.push(join(longformerFixturesDir(), "models", "tiny-mlm"), ...(register ? [register] : []));
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: PACKAGE_DIR });
  return JSON.parse(stdout);
}

describe("loading without any registered backend", () => {
  it("is a BackendError NO_BACKEND naming the packages to add (not tfjs's 'No backend found in registry')", async () => {
    const results = await loadInFreshProcess();
    for (const loader of ["fromPretrained", "fromWeights"]) {
      expect(results[loader], loader).toMatchObject({ name: "BackendError", code: "NO_BACKEND" });
      expect(results[loader]?.message).toContain("@tensorflow/tfjs-backend-wasm");
      expect(results[loader]?.message).toContain("setWasmPaths");
      expect(results[loader]?.message).toContain("@tensorflow/tfjs-backend-cpu");
    }
  }, 60_000);

  it("loads once the application has registered a backend itself (the control)", async () => {
    const results = await loadInFreshProcess("cpu");
    expect(results.fromPretrained).toBe("loaded");
    // fromWeights gets past the backend check to the weight check
    expect(results.fromWeights).toMatchObject({ name: "WeightsError" });
  }, 60_000);
});
