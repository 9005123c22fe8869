import type { LoadedWeights, WeightMap } from "@longformer-ts/convert";
import type { LongformerConfig } from "@longformer-ts/encoder";
import type { ProblemType } from "../config/problem-type.js";
import { ArchitectureError } from "../errors.js";
import type { Pooling } from "../modules/hat-pooler.js";
import { SUPPORTED_ARCHITECTURES, UNSUPPORTED_ARCHITECTURES } from "./architectures.js";
import type { HeadFromPretrainedOptions } from "./head-model.js";
import { loadCheckpoint } from "./head-model.js";
import { HfLongformerForMultipleChoice, isHfMultipleChoiceLayout } from "./hf-multiple-choice.js";
import { LongformerForQuestionAnswering } from "./hf-question-answering.js";
import { LongformerForTokenClassification } from "./hf-token-classification.js";
import { LongformerForMaskedLM } from "./masked-lm.js";
import { LongformerForMultipleChoice, type MultipleChoicePooling } from "./multiple-choice.js";
import { LongformerForSentenceClassification } from "./sentence-classification.js";
import { type ClassificationHeadStyle, LongformerForSequenceClassification } from "./sequence-classification.js";

/** Any model `loadModel` returns; `model.task` tells which. */
export type HeadModelInstance =
  | LongformerForMaskedLM
  | LongformerForSequenceClassification
  | LongformerForSentenceClassification
  | LongformerForMultipleChoice
  | HfLongformerForMultipleChoice
  | LongformerForQuestionAnswering
  | LongformerForTokenClassification;

export interface LoadModelOptions extends HeadFromPretrainedOptions {
  /** Document classification pooling (HAT default `"max"`). */
  pooling?: Pooling;
  /** Multiple-choice pooling (HAT default `"last"`). */
  multipleChoicePooling?: MultipleChoicePooling;
  headStyle?: ClassificationHeadStyle | "auto";
  problemType?: ProblemType;
  maxSentenceLength?: number;
}

function unsupported(config: LongformerConfig): never {
  const names = config.architectures;
  const known = names
    .map((n) => UNSUPPORTED_ARCHITECTURES[n] && `${n}: ${UNSUPPORTED_ARCHITECTURES[n]}`)
    .filter(Boolean);
  const supported = Object.keys(SUPPORTED_ARCHITECTURES).join(", ");
  throw new ArchitectureError(
    "UNSUPPORTED_ARCHITECTURE",
    names.length === 0
      ? `loadModel: config.json has no "architectures", so the head cannot be chosen; load the checkpoint with a specific class (supported architectures: ${supported})`
      : `loadModel: no supported head among architectures [${names.join(", ")}]` +
          (known.length ? ` (${known.join("; ")})` : "") +
          `; supported: ${supported}`,
    names,
  );
}

/** Builds the head class `config.architectures` names from a config + weight map. */
export function modelFromWeights(
  config: LongformerConfig,
  weights: WeightMap,
  options: LoadModelOptions = {},
): HeadModelInstance {
  const name = config.architectures.find((n) => SUPPORTED_ARCHITECTURES[n]);
  const task = name ? SUPPORTED_ARCHITECTURES[name] : undefined;
  const { pooling, multipleChoicePooling, headStyle, problemType, maxSentenceLength, ...common } = options;
  switch (task) {
    case "fill-mask":
      return LongformerForMaskedLM.fromWeights(config, weights, common);
    case "document-classification":
      return LongformerForSequenceClassification.fromWeights(config, weights, {
        ...common,
        ...(pooling && { pooling }),
        ...(headStyle && { headStyle }),
        ...(problemType && { problemType }),
        ...(maxSentenceLength && { maxSentenceLength }),
      });
    case "sentence-tagging":
      return LongformerForSentenceClassification.fromWeights(config, weights, {
        ...common,
        ...(problemType && { problemType }),
        ...(maxSentenceLength && { maxSentenceLength }),
      });
    case "multiple-choice":
      if (isHfMultipleChoiceLayout(weights)) return HfLongformerForMultipleChoice.fromWeights(config, weights, common);
      return LongformerForMultipleChoice.fromWeights(config, weights, {
        ...common,
        ...(multipleChoicePooling && { pooling: multipleChoicePooling }),
        ...(maxSentenceLength && { maxSentenceLength }),
      });
    case "question-answering":
      return LongformerForQuestionAnswering.fromWeights(config, weights, common);
    case "token-classification":
      return LongformerForTokenClassification.fromWeights(config, weights, common);
    default:
      return unsupported(config);
  }
}

/**
 * Loads a checkpoint (converted directory, raw HF directory, URL, or a `loadWeights` result) into the head class
 * its `config.architectures` names: the HAT names (`LongformerForMaskedLM`,
 * `LongformerModelForSequenceClassification`, `LongformerModelForSentenceClassification`,
 * `LongformerForMultipleChoice`) and HF's `LongformerForSequenceClassification`, `LongformerForQuestionAnswering`,
 * `LongformerForTokenClassification` and `LongformerForMultipleChoice` (HF's weights -> `HfLongformerForMultipleChoice`). Labels come from `id2label`
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
