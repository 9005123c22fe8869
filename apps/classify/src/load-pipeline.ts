import { type CliBackend, registerBackend } from "@longformer-ts/cli-kit";
import {
  type AnyPipeline,
  ArchitectureError,
  createPipeline,
  type DocumentClassificationPipeline,
  MissingHeadWeightsError,
  type MultipleChoicePipeline,
  type PipelineTask,
  type QuestionAnsweringPipeline,
  type SentenceTaggingPipeline,
  type TokenClassificationPipeline,
  taskOfArchitectures,
} from "@longformer-ts/heads";
import { AppError } from "./errors.js";

export type { CliBackend } from "@longformer-ts/cli-kit";

/** What the command line asked for; each mode needs a checkpoint with the matching head. */
export type Mode = "documents" | "sentences" | "choices" | "question" | "entities";

const TASK_OF_MODE: Record<Mode, PipelineTask> = {
  documents: "document-classification",
  sentences: "sentence-tagging",
  choices: "multiple-choice",
  question: "question-answering",
  entities: "token-classification",
};

const HINT_OF_TASK: Record<PipelineTask, string> = {
  "document-classification": "run it without --sentences / --choices",
  "sentence-tagging": "run it with --sentences",
  "multiple-choice": "run it with --choices FILE.json",
  "question-answering": 'run it with --question "..."',
  "token-classification": "run it with --entities",
  embeddings: "this command has no mode for it",
  "fill-mask": "this command has no mode for it (fill it with `pnpm demo --model DIR`, or fine-tune a head first)",
};

export interface PipelineOfMode {
  documents: DocumentClassificationPipeline;
  sentences: SentenceTaggingPipeline;
  choices: MultipleChoicePipeline;
  question: QuestionAnsweringPipeline;
  entities: TokenClassificationPipeline;
}

/**
 * A checkpoint saved with another head than the mode needs, as a usage error naming the flag its head
 * needs. Two ways to find out: `config.architectures` names another head (ArchitectureError), or it names
 * a head with no classifier weights for this one (HAT's sentence and document heads share the config
 * class, so loading one from the other fails on the missing weights, MissingHeadWeightsError). A checkpoint
 * that claims the right head but lacks its weights is broken, not misused: left as it is.
 */
function wrongHead(e: unknown, mode: Mode, source: string): AppError | undefined {
  let architectures: readonly string[];
  if (e instanceof ArchitectureError && e.code === "ARCHITECTURE_MISMATCH") architectures = e.architectures;
  else if (e instanceof MissingHeadWeightsError) architectures = e.checkpointArchitectures;
  else return undefined;
  const task = taskOfArchitectures(architectures);
  if (task === TASK_OF_MODE[mode]) return undefined;
  const hint = task ? `; it is a ${task} checkpoint: ${HINT_OF_TASK[task]}` : "";
  return new AppError(
    "WRONG_HEAD",
    `${source} (${architectures.join(", ")}) has no ${TASK_OF_MODE[mode]} head${hint}`,
    {
      cause: e,
    },
  );
}

/**
 * The pipeline for a mode, from a local directory or the URL of a converted directory (the tokenizer
 * package's pure-JS entry fetches the tokenizer for URLs). A checkpoint with another head is a usage
 * error that names the flag its head needs.
 */
export async function loadPipeline<M extends Mode>(
  mode: M,
  source: string,
  backend: CliBackend,
): Promise<PipelineOfMode[M]> {
  await registerBackend(backend);
  let pipeline: AnyPipeline;
  try {
    pipeline = await createPipeline(TASK_OF_MODE[mode], source, { backend });
  } catch (e) {
    const wrong = wrongHead(e, mode, source);
    if (wrong) throw wrong;
    throw e;
  }
  return pipeline as PipelineOfMode[M];
}
