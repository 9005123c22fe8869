import { type CliBackend, registerBackend } from "@longformer-ts/cli-kit";
import { FillMaskPipeline } from "@longformer-ts/heads";

export type { CliBackend } from "@longformer-ts/cli-kit";

/** The fill-mask pipeline for a local directory or the URL of a converted directory (with its tokenizer). */
export async function loadFillMask(source: string, backend: CliBackend): Promise<FillMaskPipeline> {
  await registerBackend(backend);
  return FillMaskPipeline.fromPretrained(source, { backend });
}
