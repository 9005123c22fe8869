export type { GoldenCall, GoldenCase, GoldenFile, GoldenOutputSpec, NestedInts } from "./cases.js";
export { CasesFormatError, parseGoldenFile } from "./cases.js";
export { compareOutput } from "./compare.js";
export { discoverGoldenSets, type GoldenSet, WeightsCache } from "./fixture-set.js";
export {
  type CaseContext,
  type CaseRunner,
  type ProducedOutput,
  type ProducedOutputs,
  RunnerRegistry,
} from "./registry.js";
export { formatReport, formatSummary } from "./report.js";
export {
  type ConformanceOptions,
  type ConformanceReport,
  type ConformanceRow,
  type RowStatus,
  runConformance,
} from "./run.js";
export {
  encoderFor,
  encoderOutputs,
  hatEncoderRunner,
  hfLongformerModelRunner,
  toRows,
} from "./runners/encoder-runners.js";
export {
  hatMaskedLmRunner,
  hatMultipleChoiceRunner,
  hatSentenceClassificationRunner,
  hatSequenceClassificationRunner,
  registerHeadRunners,
} from "./runners/hat-heads.js";
export { defaultRegistry, encoderOnlyRegistry } from "./runners/index.js";
