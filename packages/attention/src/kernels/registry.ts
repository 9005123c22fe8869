import { simdInstance } from "@longformer-ts/simd";
import * as tf from "@tensorflow/tfjs-core";
import { AttentionError } from "../errors.js";
import { bandedKernelFactory } from "./banded/kernel.js";
import { bandedLocalJs } from "./banded/local-core.js";
import { bandedLocalWasm } from "./banded/wasm-core.js";
import { createDenseKernel } from "./dense.js";
import type { KernelFactory } from "./kernel.js";
import { createReferenceKernel } from "./reference.js";

/** Kernels that can be asked for by name. */
export const KERNEL_FACTORIES = {
  reference: createReferenceKernel,
  dense: createDenseKernel,
  "banded-js": bandedKernelFactory("banded-js", bandedLocalJs),
  "banded-wasm": bandedKernelFactory("banded-wasm", bandedLocalWasm, true),
} satisfies Record<string, KernelFactory>;

export type ConcreteKernelName = keyof typeof KERNEL_FACTORIES;
/** `auto` picks the fastest measured kernel for the active backend (see README). */
export type AttentionKernelName = "auto" | ConcreteKernelName;

export const KERNEL_NAMES: readonly AttentionKernelName[] = [
  "auto",
  ...(Object.keys(KERNEL_FACTORIES) as ConcreteKernelName[]),
];

/** The kernel `auto` runs on a backend, chosen by measurement (bench/run.ts). */
export function autoKernelFor(_backend: string): ConcreteKernelName {
  return simdInstance() ? "banded-wasm" : "banded-js";
}

export function resolveKernelName(name: AttentionKernelName, backend: string = tf.getBackend()): ConcreteKernelName {
  if (name === "auto") return autoKernelFor(backend);
  if (!Object.hasOwn(KERNEL_FACTORIES, name)) {
    throw new AttentionError(
      "UNKNOWN_KERNEL",
      `unknown attention kernel "${String(name)}"; known: ${KERNEL_NAMES.join(", ")}`,
    );
  }
  return name;
}
