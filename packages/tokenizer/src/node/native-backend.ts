import type { Encoding as NativeEncoding, Tokenizer as NativeTokenizer } from "tokenizers";
import type { RawEncoding, TokenizerBackend } from "../core/backend.js";
import { codePointToUtf16 } from "./code-point-offsets.js";

function toRaw(encoding: NativeEncoding, text: string): RawEncoding {
  return {
    ids: encoding.getIds(),
    tokens: encoding.getTokens(),
    offsets: codePointToUtf16(text)(encoding.getOffsets()),
  };
}

/** HF `tokenizers` (the Rust core through its Node binding). */
export class NativeBackend implements TokenizerBackend {
  readonly name = "native";
  readonly vocabSize: number;
  private readonly tokenizer: NativeTokenizer;

  constructor(tokenizer: NativeTokenizer) {
    // A tokenizer.json may carry truncation/padding settings (e.g. max_length 512); the layout code
    // does its own, reported truncation, so the raw tokenizer must never cut or pad silently.
    tokenizer.disableTruncation();
    tokenizer.disablePadding();
    this.tokenizer = tokenizer;
    this.vocabSize = tokenizer.getVocabSize(true);
  }

  async encode(text: string): Promise<RawEncoding> {
    return toRaw(await this.tokenizer.encode(text, null, { addSpecialTokens: false }), text);
  }

  async encodeBatch(texts: string[]): Promise<RawEncoding[]> {
    if (texts.length === 0) return [];
    const encodings = await this.tokenizer.encodeBatch(texts, { addSpecialTokens: false });
    return encodings.map((e, i) => toRaw(e, texts[i] as string));
  }

  decode(ids: number[], skipSpecialTokens: boolean): Promise<string> {
    return this.tokenizer.decode(ids, skipSpecialTokens);
  }

  tokenToId(token: string): number | undefined {
    return this.tokenizer.tokenToId(token) ?? undefined;
  }

  idToToken(id: number): string | undefined {
    return this.tokenizer.idToToken(id) ?? undefined;
  }
}
