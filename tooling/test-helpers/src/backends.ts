/** The tfjs backends every package's tests run on (wasm: the SIMD fast paths; cpu: the tf-op formulas). */
export const BACKENDS = ["cpu", "wasm"] as const;

export type TestBackend = (typeof BACKENDS)[number];

/**
 * The attention kernel the model-level tests run: `"auto"` unless `LONGFORMER_KERNEL` names another, which
 * must be one of `known` (the attention package's `KERNEL_NAMES`) so a typo fails loudly instead of testing
 * the default.
 */
export function testKernel<K extends string>(known: readonly K[], env: NodeJS.ProcessEnv = process.env): K {
  const name = env.LONGFORMER_KERNEL ?? "auto";
  if (!(known as readonly string[]).includes(name)) {
    throw new Error(`LONGFORMER_KERNEL="${name}" is not a kernel; known: ${known.join(", ")}`);
  }
  return name as K;
}
