import type { LoadedWeights, WeightMap } from "@longformer-ts/convert";
import type { LongformerConfig, LongformerModel } from "@longformer-ts/encoder";
import type { ProblemType } from "../config/problem-type.js";
import type { Pooling } from "../modules/hat-pooler.js";
import { type HeadTask, type TaskRow, type TaskTable, taskTable } from "../tasks/task-table.js";
import { taskOfArchitectures, unsupportedArchitecture } from "./architectures.js";
import type { HeadFromPretrainedOptions } from "./head-model.js";
import { loadCheckpoint } from "./head-model.js";
import type { MultipleChoicePooling } from "./multiple-choice.js";
import type { ClassificationHeadStyle } from "./sequence-classification.js";

/** Any model `loadModel` returns; `model.task` tells which (the embeddings row's bare encoder is no head). */
export type HeadModelInstance = Exclude<ReturnType<TaskTable[HeadTask]["model"]["fromWeights"]>, LongformerModel>;

export interface LoadModelOptions extends HeadFromPretrainedOptions {
  /** Document classification pooling (HAT default `"max"`). */
  pooling?: Pooling;
  /** Multiple-choice pooling (HAT default `"last"`). */
  multipleChoicePooling?: MultipleChoicePooling;
  headStyle?: ClassificationHeadStyle | "auto";
  problemType?: ProblemType;
  maxSentenceLength?: number;
}

/** Builds the head class `config.architectures` names (through the task table) from a config + weight map. */
export function modelFromWeights(
  config: LongformerConfig,
  weights: WeightMap,
  options: LoadModelOptions = {},
): HeadModelInstance {
  const task = taskOfArchitectures(config.architectures);
  if (!task) throw unsupportedArchitecture(config, "loadModel");
  const row = taskTable()[task] as unknown as TaskRow<HeadModelInstance, object, never>;
  return row.model.fromWeights(config, weights, row.modelOptions(options));
}

/**
 * Loads a checkpoint (converted directory, raw HF directory, URL, or a `loadWeights` result) into the head class
 * its `config.architectures` names (the task table's rows): the HAT names (`LongformerForMaskedLM`,
 * `LongformerModelForSequenceClassification`, `LongformerModelForSentenceClassification`,
 * `LongformerForMultipleChoice`) and HF's own (`LongformerForSequenceClassification`,
 * `LongformerForMultipleChoice` with HF's weights, `LongformerForQuestionAnswering`,
 * `LongformerForTokenClassification`). Labels come from `id2label`
 * (`model.labels`). Throws `ArchitectureError` for other architectures and `MissingHeadWeightsError` when the
 * checkpoint lacks the head's weights.
 *
 * @example
 * const model = await loadModel("models/tiny-seqcls", { backend: "wasm" });
 * if (model.task === "document-classification") console.log(model.labels); // ["LABEL_0", "LABEL_1", "LABEL_2"]
 * model.dispose();
 */
export async function loadModel(
  source: string | URL | LoadedWeights,
  options: LoadModelOptions = {},
): Promise<HeadModelInstance> {
  const { config, weights } = await loadCheckpoint(source, options.backend);
  return modelFromWeights(config, weights, options);
}
