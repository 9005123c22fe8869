import { RunnerRegistry } from "../registry.js";
import { hatEncoderRunner, hfLongformerModelRunner } from "./encoder-runners.js";
import { registerHeadRunners } from "./hat-heads.js";
import { registerHfHeadRunners } from "./hf-heads.js";

/**
 * The runners this repository provides. Exact `call.class` names (the HAT heads) take precedence over the
 * patterns; the encoder-only `^HAT ` runner covers HAT classes no head runner claims.
 */
export function defaultRegistry(): RunnerRegistry {
  const registry = new RunnerRegistry()
    .register(/(^|\.)LongformerModel \(HuggingFace\)$/, hfLongformerModelRunner)
    .register(/^HAT /, hatEncoderRunner);
  return registerHfHeadRunners(registerHeadRunners(registry));
}

/** Only the encoder's runners: HAT head outputs are then reported as unsupported. */
export function encoderOnlyRegistry(): RunnerRegistry {
  return new RunnerRegistry()
    .register(/(^|\.)LongformerModel \(HuggingFace\)$/, hfLongformerModelRunner)
    .register(/^HAT /, hatEncoderRunner);
}
