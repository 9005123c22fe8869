import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { registerBackend } from "./backend.js";

describe("registerBackend", () => {
  it.each(["cpu", "wasm"] as const)("registers %s from the apps' own dependencies", async (backend) => {
    await registerBackend(backend);
    expect(tf.findBackendFactory(backend)).toBeDefined();
    expect(tf.env().getBool("PROD")).toBe(true);
  });
});
