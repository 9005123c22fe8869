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
