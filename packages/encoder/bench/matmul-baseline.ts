import * as tf from "@tensorflow/tfjs-core";
import type { LongformerConfig } from "../src/index.js";

/**
 * The projections and feed-forward every token needs, alone: per layer the fused Q/K/V projection (H -> 3H),
 * the attention output dense (H -> H) and the two feed-forward matMuls (H -> F -> H), as the 2-D fused matMuls
 * (bias included) the model runs. Attention, activations, LayerNorms and glue are what the full forward adds.
 */
export function matmulBaseline(config: LongformerConfig, tokens: number): { run: () => void; dispose: () => void } {
  const { hiddenSize: H, intermediateSize: F, numHiddenLayers: layers } = config;
  const w = {
    qkv: tf.randomNormal([H, 3 * H]) as tf.Tensor2D,
    qkvBias: tf.randomNormal([3 * H]) as tf.Tensor1D,
    out: tf.randomNormal([H, H]) as tf.Tensor2D,
    outBias: tf.randomNormal([H]) as tf.Tensor1D,
    up: tf.randomNormal([H, F]) as tf.Tensor2D,
    upBias: tf.randomNormal([F]) as tf.Tensor1D,
    down: tf.randomNormal([F, H]) as tf.Tensor2D,
    downBias: tf.randomNormal([H]) as tf.Tensor1D,
  };
  const x = tf.randomNormal([tokens, H]) as tf.Tensor2D; // (N, H)
  const inter = tf.randomNormal([tokens, F]) as tf.Tensor2D; // (N, F)
  return {
    run: () => {
      const outs = tf.tidy(() => {
        const results: tf.Tensor[] = [];
        for (let l = 0; l < layers; l++) {
          results.push(tf.fused.matMul({ a: x, b: w.qkv, bias: w.qkvBias })); // (N, 3H)
          results.push(tf.fused.matMul({ a: x, b: w.out, bias: w.outBias })); // (N, H)
          results.push(tf.fused.matMul({ a: x, b: w.up, bias: w.upBias })); // (N, F)
          results.push(tf.fused.matMul({ a: inter, b: w.down, bias: w.downBias })); // (N, H)
        }
        return results;
      });
      outs[outs.length - 1]?.dataSync(); // wait for the results, as forward's caller does (wasm and cpu run synchronously)
      tf.dispose(outs);
    },
    dispose: () => tf.dispose([...Object.values(w), x, inter]),
  };
}
