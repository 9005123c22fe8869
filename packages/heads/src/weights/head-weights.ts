import type { WeightMap } from "@longformer-ts/convert";
import {
  detectPrefix,
  type LongformerConfig,
  LongformerModel,
  WeightReader,
  type WeightSpec,
} from "@longformer-ts/encoder";
import { ArchitectureError, MissingHeadWeightsError } from "../errors.js";
import {
  checkArchitecturesSupported,
  classForTask,
  type HeadTask,
  supportedArchitectures,
  taskOfArchitectures,
} from "../models/architectures.js";

/** What a head needs from a checkpoint. */
export interface HeadWeightPlan {
  /** Class name, for messages. */
  head: string;
  task: HeadTask;
  /** The head's own tensors (the encoder's are added here). */
  specs: WeightSpec[];
  /** Names that may be present without being used (weights of other poolings, tied copies). */
  unused?: (name: string) => boolean;
}

export interface HeadWeightOptions {
  /** Encoder weight prefix; default detected (`"longformer."` in task checkpoints). */
  prefix?: string;
  /**
   * Reject tensors nobody reads (default true). `false` only checks the encoder's names and the head's own,
   * for checkpoints carrying extra modules.
   */
  strict?: boolean;
  /** Load even when `config.architectures` names another head (default false). */
  ignoreArchitecture?: boolean;
}

function describeArchitectures(config: LongformerConfig): string {
  return config.architectures.length ? config.architectures.join(", ") : "no architectures in config.json";
}

/** Where the checkpoint could be loaded instead, from what it says it is. */
function suggestion(config: LongformerConfig): string {
  const task = taskOfArchitectures(config.architectures);
  return task ? ` To use the checkpoint as it is, load it with ${classForTask(task)} or loadModel().` : "";
}

function checkHeadPresent(config: LongformerConfig, weights: WeightMap, plan: HeadWeightPlan): void {
  const missing = plan.specs.filter((s) => !weights.has(s.name)).map((s) => s.name);
  if (missing.length === 0) return;
  throw new MissingHeadWeightsError(
    plan.head,
    missing,
    config.architectures,
    `${plan.head}: the checkpoint (${describeArchitectures(config)}) has no weights for this head; missing ` +
      `${missing.join(", ")}. The ${plan.head} head must be fine-tuned first (train it on your task and save the ` +
      `checkpoint with its head).${suggestion(config)}`,
  );
}

function checkArchitecture(config: LongformerConfig, plan: HeadWeightPlan): void {
  if (config.architectures.length === 0) return;
  const supported = supportedArchitectures();
  if (config.architectures.some((name) => supported[name] === plan.task)) return;
  throw new ArchitectureError(
    "ARCHITECTURE_MISMATCH",
    `${plan.head}: the checkpoint was saved as ${describeArchitectures(config)}, not as a ${plan.task} model.` +
      `${suggestion(config)} Pass { ignoreArchitecture: true } to load it into ${plan.head} anyway.`,
    config.architectures,
  );
}

/**
 * Checks a checkpoint for an encoder + head in one pass, in the order that gives the most useful message:
 * head weights present (else `MissingHeadWeightsError`: "fine-tune first"), `architectures` compatible (else
 * `ArchitectureError`), then every name and shape (the encoder's `WeightsError`, listing all problems).
 */
export function prepareHeadWeights(
  config: LongformerConfig,
  weights: WeightMap,
  plan: HeadWeightPlan,
  options: HeadWeightOptions = {},
): { reader: WeightReader; prefix: string } {
  checkArchitecturesSupported(config, plan.head, options.ignoreArchitecture);
  checkHeadPresent(config, weights, plan);
  if (!options.ignoreArchitecture) checkArchitecture(config, plan);
  const prefix = options.prefix ?? detectPrefix(weights);
  const reader = new WeightReader(weights);
  const specs = [...LongformerModel.weightSpecs(config, { prefix, pooler: false }), ...plan.specs];
  reader.check(specs, {
    scope: options.strict === false ? prefix : "",
    // HF's BERT-style pooler (built by HAT's classifiers but never read), HF's old position_ids buffer.
    ignore: (name) =>
      name.startsWith(`${prefix}pooler.`) ||
      name === `${prefix}embeddings.position_ids` ||
      (plan.unused?.(name) ?? false),
  });
  return { reader, prefix };
}
