import { simdInstance } from "@longformer-ts/simd";
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

/** The one check of a kernel name (the encoder calls it too, to reject a name before any weight tensor exists). */
export function isKernelName(name: unknown): name is AttentionKernelName {
  return typeof name === "string" && (KERNEL_NAMES as readonly string[]).includes(name);
}

/**
 * The kernel `auto` runs, chosen by measurement (bench/run.ts): the SIMD banded kernel wherever WebAssembly
 * SIMD exists, on every backend (it works on its own memory when the backend is not wasm), else the JS one.
 */
export function autoKernel(): ConcreteKernelName {
  return simdInstance() ? "banded-wasm" : "banded-js";
}

export function resolveKernelName(name: AttentionKernelName): ConcreteKernelName {
  if (name === "auto") return autoKernel();
  if (!isKernelName(name)) {
    throw new AttentionError(
      "UNKNOWN_KERNEL",
      `unknown attention kernel "${String(name)}"; known: ${KERNEL_NAMES.join(", ")}`,
    );
  }
  return name;
}
