import * as tf from "@tensorflow/tfjs-core";
import { ConfigError } from "../errors.js";
import { geluErf } from "./gelu-erf.js";

type Activation = (x: tf.Tensor) => tf.Tensor;

/** The tanh approximation (HF "gelu_new", "gelu_pytorch_tanh", "gelu_fast"). */
function geluTanh(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
  });
}

/** HF `ACT2FN` names this package implements. */
const ACTIVATIONS: Record<string, Activation> = {
  // Exact GELU, the erf form HF's "gelu" (and PyTorch's `F.gelu`) computes: x/2 * (1 + erf(x/sqrt 2)).
  gelu: geluErf,
  gelu_python: geluErf,
  gelu_new: geluTanh,
  gelu_pytorch_tanh: geluTanh,
  gelu_fast: geluTanh,
  quick_gelu: (x) => tf.tidy(() => tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)))),
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  silu: (x) => tf.tidy(() => tf.mul(x, tf.sigmoid(x))),
  swish: (x) => tf.tidy(() => tf.mul(x, tf.sigmoid(x))),
  mish: (x) => tf.tidy(() => tf.mul(x, tf.tanh(tf.softplus(x)))),
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  linear: (x) => tf.clone(x),
};

export function knownActivations(): string[] {
  return Object.keys(ACTIVATIONS);
}

export function isKnownActivation(name: string): boolean {
  return Object.hasOwn(ACTIVATIONS, name);
}

/** The activation HF's `ACT2FN[name]` applies; "gelu" is the exact erf GELU. Throws `ConfigError` for unknown names. */
export function activation(name: string): (x: tf.Tensor) => tf.Tensor {
  const fn = ACTIVATIONS[name];
  if (!fn) {
    throw new ConfigError(
      "UNSUPPORTED_ACTIVATION",
      `hidden_act "${name}" is not supported; known: ${knownActivations().join(", ")}`,
      "hidden_act",
    );
  }
  return fn;
}
