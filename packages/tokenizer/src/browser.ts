export type { BrowserLoadOptions, TokenizerFilesInput } from "./browser/load-files.js";
export { LongformerTokenizer } from "./browser/longformer-tokenizer.js";
export * from "./core/api.js";
