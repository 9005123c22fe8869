import type { PipelineTask } from "../pipelines/create-pipeline.js";
import type { PipelineOptions } from "../pipelines/pipeline-base.js";

/** The pipeline methods a pool spreads over its workers. */
export type PoolMethod = "classifyDocument" | "tagSentences" | "fillMask";

/** Model options a worker can receive: plain data only (a tokenizer object cannot cross a thread). */
export type PoolModelOptions = Omit<PipelineOptions, "tokenizer"> & Record<string, unknown>;

/** What every worker is started with: it loads this pipeline once, at start. */
export interface PoolWorkerData {
  task: PipelineTask;
  /** A local checkpoint directory (the worker reads weights and tokenizer from it). */
  source: string;
  options: PoolModelOptions;
}

/** One unit of work: consecutive inputs of one call, `firstIndex` being the first one's index in that call. */
export interface PoolJob {
  /** `"ready"` only waits for the worker's model (used at pool start). */
  method: PoolMethod | "ready";
  inputs: unknown[];
  firstIndex: number;
  options: Record<string, unknown>;
}

/** An error as it crosses the thread boundary (structured clone drops `code` and the class). */
export interface PoolErrorData {
  name: string;
  code: string;
  message: string;
  /** Index in the caller's input array; undefined when the model failed to load. */
  inputIndex: number | undefined;
}

/** A worker's answer: the results of the job in input order, or the first input that failed. */
export type PoolReply = { threadId: number; numTensors: number } & (
  | { ok: true; results: unknown[] }
  | { ok: false; error: PoolErrorData }
);
