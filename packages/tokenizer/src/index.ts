export * from "./core/api.js";
export { LongformerTokenizer, type NodeBackendChoice, type NodeLoadOptions } from "./node/longformer-tokenizer.js";
