export * from "./core/api.js";
export { LongformerTokenizer } from "./node/longformer-tokenizer.js";
