import type * as tf from "@tensorflow/tfjs-core";
import { disposeOutput } from "../models/head-model.js";

/** A head output's logits as numbers; every tensor of the output is freed (pipelines keep only the numbers). */
export function takeLogits(out: { logits: tf.Tensor }): Float32Array {
  try {
    return out.logits.dataSync() as Float32Array;
  } finally {
    disposeOutput(out);
  }
}
