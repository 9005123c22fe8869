import * as tf from "@tensorflow/tfjs-core";

/**
 * Whether the active backend keeps tensors in CPU memory, where a copy through the module's own memory costs
 * less than tf's formula (on webgl the data would come back from the GPU: the caller keeps its tf ops).
 */
export const copyingBackend = () => ["cpu", "wasm"].includes(tf.getBackend());
