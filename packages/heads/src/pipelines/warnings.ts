import type { TruncationReport } from "@longformer-ts/tokenizer";

/** Why a pipeline result is not the whole story (inputs are never cut silently). */
export type PipelineWarningCode =
  /** The text had more word pieces than the model takes: the end was dropped. */
  | "TRUNCATED"
  /** fill-mask: some masks were in the dropped part and got no prediction. */
  | "MASKS_DROPPED"
  /** multiple choice: the question or an option did not fit its block. */
  | "QUESTION_TRUNCATED"
  | "OPTION_TRUNCATED";

export interface PipelineWarning {
  code: PipelineWarningCode;
  message: string;
}

/** A `TRUNCATED` warning for a tokenizer truncation report, or none when nothing was dropped. */
export function truncationWarnings(report: TruncationReport, what: string): PipelineWarning[] {
  if (!report.truncated) return [];
  return [
    {
      code: "TRUNCATED",
      message:
        `${what} has ${report.totalPieces} word pieces but the model takes ${report.keptPieces} here ` +
        `(limit ${report.limit} tokens with the block leaders): the last ${report.droppedPieces} pieces, from ` +
        `character ${report.keptCharEnd} on, were not read`,
    },
  ];
}
