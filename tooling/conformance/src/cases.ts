/**
 * The golden-case format of `<fixtures>/golden/<model>/cases.json` (see the fixtures README). Only the
 * fields the runner reads are typed; everything else is kept as given.
 */

/** Nested JSON integers: (batch, seq) or, for multiple choice, (batch, choices, seq). */
export type NestedInts = number[] | NestedInts[];

export interface GoldenOutputSpec {
  /** Tensor name in the outputs file, `<case>/<output>`. */
  key: string;
  shape: number[];
  atol: number;
  /** `global_attentions` of a batch whose rows have fewer global tokens than G: real slots per row. */
  num_global_tokens?: number[];
  filler_slots?: string;
  [field: string]: unknown;
}

export interface GoldenCall {
  /** `...LongformerModel (HuggingFace)` or `HAT <class>`: selects the runner. */
  class: string;
  weights?: string;
  kwargs?: { output_hidden_states?: boolean; output_attentions?: boolean; [key: string]: unknown };
  pooling?: string;
  global_attention?: string;
  [field: string]: unknown;
}

export interface GoldenCase {
  name: string;
  description?: string;
  call: GoldenCall;
  inputs: {
    input_ids: NestedInts;
    attention_mask?: NestedInts;
    token_type_ids?: NestedInts;
    global_attention_mask?: NestedInts;
  };
  effective_global_attention_mask?: NestedInts;
  internal_padded_length?: number;
  outputs: Record<string, GoldenOutputSpec>;
  [field: string]: unknown;
}

export interface GoldenFile {
  model: string;
  model_dir: string;
  outputs_file: string;
  cases: GoldenCase[];
  [field: string]: unknown;
}

/** A cases.json that does not have the fields the runner needs. */
export class CasesFormatError extends Error {
  readonly code = "CASES_FORMAT";
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "CasesFormatError";
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Checks the structure a runner relies on, so a malformed file fails with its path and field. */
export function parseGoldenFile(file: string, json: unknown): GoldenFile {
  if (!isObject(json)) throw new CasesFormatError(file, "not a JSON object");
  for (const key of ["model", "model_dir", "outputs_file"]) {
    if (typeof json[key] !== "string") throw new CasesFormatError(file, `"${key}" must be a string`);
  }
  if (!Array.isArray(json.cases)) throw new CasesFormatError(file, '"cases" must be a list');
  json.cases.forEach((c: unknown, i) => {
    const where = `cases[${i}]`;
    if (!isObject(c) || typeof c.name !== "string") throw new CasesFormatError(file, `${where}.name must be a string`);
    if (!isObject(c.call) || typeof c.call.class !== "string") {
      throw new CasesFormatError(file, `${where} (${c.name}): call.class must be a string`);
    }
    if (!isObject(c.inputs) || !Array.isArray(c.inputs.input_ids)) {
      throw new CasesFormatError(file, `${where} (${c.name}): inputs.input_ids must be a list`);
    }
    if (!isObject(c.outputs)) throw new CasesFormatError(file, `${where} (${c.name}): outputs must be an object`);
    for (const [name, spec] of Object.entries(c.outputs)) {
      if (
        !isObject(spec) ||
        typeof spec.key !== "string" ||
        typeof spec.atol !== "number" ||
        !Array.isArray(spec.shape)
      ) {
        throw new CasesFormatError(file, `${where} (${c.name}): outputs.${name} needs key, shape and atol`);
      }
    }
  });
  return json as unknown as GoldenFile;
}
