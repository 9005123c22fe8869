import * as tf from "@tensorflow/tfjs-core";

/**
 * `tf.tidy` for functions returning a plain object of tensors: tidy keeps every tensor reachable from the
 * result and frees the rest. (The casts only bridge TypeScript: interfaces are not index-signature types.)
 */
export function tidyResult<T extends object>(fn: () => T): T {
  return tf.tidy(() => fn() as unknown as tf.TensorContainer) as unknown as T;
}
