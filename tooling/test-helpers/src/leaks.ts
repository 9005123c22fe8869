/** The part of tfjs a leak check needs; keeps this package free of a tfjs dependency. */
export interface TensorCounter {
  memory(): { numTensors: number };
}

/**
 * Runs `fn` once to warm up (kernels may cache constants), then `repeats` more times, and throws
 * unless the live tensor count after every repeat equals the count after the warm-up.
 */
export async function expectNoTensorLeak(
  tf: TensorCounter,
  fn: () => unknown | Promise<unknown>,
  repeats = 3,
): Promise<void> {
  await fn();
  const baseline = tf.memory().numTensors;
  for (let i = 0; i < repeats; i++) {
    await fn();
    const now = tf.memory().numTensors;
    if (now !== baseline) {
      throw new Error(`tensor leak: ${now - baseline} tensors left alive after repeat ${i + 1} (baseline ${baseline})`);
    }
  }
}
