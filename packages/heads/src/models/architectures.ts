import type { LongformerConfig } from "@longformer-ts/encoder";
import { ArchitectureError } from "../errors.js";
import { type HeadTask, headTasks, taskTable } from "../tasks/task-table.js";

export type { HeadTask } from "../tasks/task-table.js";

/**
 * `config.architectures` names this package loads, with the task they serve, from the task table. The HAT names
 * are those of the HAT code and the `kiddothe2b/*` checkpoints; HF's `LongformerForSequenceClassification` is
 * accepted too (its `classifier.dense`/`classifier.out_proj` head is recognised from the weights).
 */
export function supportedArchitectures(): Readonly<Record<string, HeadTask>> {
  return Object.fromEntries(headTasks().flatMap((task) => taskTable()[task].architectures.map((name) => [name, task])));
}

/** The class of this package that serves `task` (for messages). */
export function classForTask(task: HeadTask): string {
  return taskTable()[task].model.name;
}

/** Architectures we know but do not implement, with the reason given to the user (names in the table win). */
export const UNSUPPORTED_ARCHITECTURES: Readonly<Record<string, string>> = {
  LongformerModel:
    "it is a bare encoder without a task head: run it with LongformerModel from @longformer-ts/encoder, or fine-tune a head first",
  LongformerModelForPreTraining:
    "HAT's pre-training model (MLM + sentence/document prediction heads) is not implemented; its lm_head can be loaded with LongformerForMaskedLM.fromWeights(..., { ignoreArchitecture: true, strict: false })",
};

/**
 * Checkpoints of a bare encoder or of HAT pre-training carry no task head: loading them into a head is a
 * "fine-tune first" case (`MissingHeadWeightsError`), not an unsupported one.
 */
const HEADLESS_ARCHITECTURES = new Set(["LongformerModel", "LongformerModelForPreTraining"]);

/** The task of the first architecture this package supports, if any. */
export function taskOfArchitectures(architectures: readonly string[]): HeadTask | undefined {
  const supported = supportedArchitectures();
  for (const name of architectures) {
    const task = supported[name];
    if (task) return task;
  }
  return undefined;
}

/** `UNSUPPORTED_ARCHITECTURE` naming the architectures and what this package supports. */
export function unsupportedArchitecture(config: LongformerConfig, caller: string): ArchitectureError {
  const names = config.architectures;
  const known = names
    .map((n) => UNSUPPORTED_ARCHITECTURES[n] && `${n}: ${UNSUPPORTED_ARCHITECTURES[n]}`)
    .filter(Boolean);
  const supported = Object.keys(supportedArchitectures()).join(", ");
  return new ArchitectureError(
    "UNSUPPORTED_ARCHITECTURE",
    names.length === 0
      ? `${caller}: config.json has no "architectures", so the head cannot be chosen; load the checkpoint with a specific class (supported architectures: ${supported})`
      : `${caller}: no supported head among architectures [${names.join(", ")}]` +
          (known.length ? ` (${known.join("; ")})` : "") +
          `; supported: ${supported}`,
    names,
  );
}

/**
 * Rejects, before anything else is read, a checkpoint saved with a task head this package does not implement
 * (HF's question answering, say): whatever class was asked for, the error names the checkpoint's architecture.
 * Checkpoints without architectures, headless ones and `ignoreArchitecture` pass.
 */
export function checkArchitecturesSupported(config: LongformerConfig, caller: string, ignore = false): void {
  const names = config.architectures;
  if (ignore || names.length === 0 || taskOfArchitectures(names) !== undefined) return;
  if (names.some((name) => HEADLESS_ARCHITECTURES.has(name))) return;
  throw unsupportedArchitecture(config, caller);
}
