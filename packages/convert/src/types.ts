/** Element types a converted weight can have (the TF.js weight dtypes this package writes). */
export type WeightDType = "float32" | "float16" | "int32";

/** One tensor: row-major `data`; float16 is kept as raw IEEE half bits in a Uint16Array. */
export interface WeightTensor {
  dtype: WeightDType;
  shape: number[];
  data: Float32Array | Uint16Array | Int32Array;
}

/** HF tensor names (kept verbatim, e.g. `longformer.encoder.layer.0.attention.self.query.weight`) to tensors. */
export type WeightMap = Map<string, WeightTensor>;

export type WeightFormat = "tfjs" | "safetensors" | "pytorch-zip" | "pytorch-legacy";

export interface LoadedWeights {
  /** The HF `config.json` content. */
  config: Record<string, unknown>;
  /** float16/bf16 widened to float32 unless `keepFloat16`; int64 narrowed to int32 (range-checked). */
  weights: WeightMap;
  format: WeightFormat;
  /** The directory, file or URL the weights came from. */
  source: string;
}

/**
 * Progress of a long step. `unit` says what `loaded`/`total` count: bytes for downloads, reads and writes,
 * tensors for decoding and encoding. `total` is undefined when unknown (a download without Content-Length).
 */
export interface ConvertProgressEvent {
  phase: "download" | "read" | "decode" | "encode" | "write";
  unit: "bytes" | "tensors";
  loaded: number;
  total: number | undefined;
  /** The file (or URL) the event is about, when there is one. */
  file?: string;
}

/** The contract's name for {@link ConvertProgressEvent} (not the DOM `ProgressEvent`). */
export type ProgressEvent = ConvertProgressEvent;

export type ProgressCallback = (event: ConvertProgressEvent) => void;
