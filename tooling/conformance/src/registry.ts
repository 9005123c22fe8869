import type { AttentionKernelName } from "@longformer-ts/attention";
import type { LoadedWeights } from "@longformer-ts/convert";
import type { GoldenCase } from "./cases.js";
import type { GoldenSet } from "./fixture-set.js";

/** One computed output, row-major. */
export interface ProducedOutput {
  shape: number[];
  data: ArrayLike<number>;
}

/** Golden output name (`last_hidden_state`, `hidden_states.2`, `logits`, ...) -> computed value. */
export type ProducedOutputs = Map<string, ProducedOutput>;

/** What a runner gets for one case. */
export interface CaseContext {
  golden: GoldenSet;
  testCase: GoldenCase;
  /** The output names the case records (its `outputs` keys); a runner may compute a subset. */
  wanted: string[];
  kernel: AttentionKernelName;
  /** The case's model directory through @longformer-ts/convert, loaded once per run. */
  weights(): Promise<LoadedWeights>;
  /**
   * A model (or anything disposable) built once per run under `key` and disposed when the run ends, so cases
   * of one model share it.
   */
  resource<T extends { dispose(): void }>(key: string, create: () => Promise<T> | T): Promise<T>;
}

/**
 * Runs the cases of one `call.class`. It returns every output it can compute; any output the case records
 * that is not returned is reported as unsupported (a failure unless --skip-unsupported).
 */
export interface CaseRunner {
  /** Label in the report, e.g. "encoder". */
  name: string;
  run(context: CaseContext): Promise<ProducedOutputs>;
}

/**
 * The table `call.class` -> runner. Exact class names win over patterns; among patterns the most recently
 * registered wins, so a package can register a fuller runner for classes a generic pattern already covers
 * (the heads package registers `HAT LongformerForMaskedLM` etc. over the encoder-only `^HAT ` runner).
 */
export class RunnerRegistry {
  private readonly exact = new Map<string, CaseRunner>();
  private readonly patterns: Array<{ pattern: RegExp; runner: CaseRunner }> = [];

  register(match: string | RegExp, runner: CaseRunner): this {
    if (typeof match === "string") this.exact.set(match, runner);
    else this.patterns.unshift({ pattern: match, runner });
    return this;
  }

  resolve(className: string): CaseRunner | undefined {
    return this.exact.get(className) ?? this.patterns.find((p) => p.pattern.test(className))?.runner;
  }
}
