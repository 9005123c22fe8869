import { TokenizerError } from "../errors.js";
import type { NativeBinding } from "./native-binding.js";

type NativeTokenizer = InstanceType<NativeBinding["Tokenizer"]>;

/** Parses tokenizer.json with the Rust tokenizer. */
export function nativeFromTokenizerJson(binding: NativeBinding, text: string, path: string): NativeTokenizer {
  try {
    return binding.Tokenizer.fromString(text);
  } catch (cause) {
    throw new TokenizerError("INVALID_TOKENIZER_FILE", `HF tokenizers rejected ${path}: ${(cause as Error).message}`, {
      path,
      cause,
    });
  }
}
