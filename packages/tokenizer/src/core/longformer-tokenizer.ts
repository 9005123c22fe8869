import { TokenizerError } from "../errors.js";
import { buildStreams } from "../layout/build-streams.js";
import { type LayoutTokens, layoutDocument, padDocument } from "../layout/document-layout.js";
import { groupSentences, groupUniform } from "../layout/grouping.js";
import { assembleMultipleChoice, sepBlock } from "../layout/multiple-choice.js";
import { resolveDocumentOptions, resolveMultipleChoiceOptions } from "../layout/options.js";
import type { TokenStream } from "../layout/token-stream.js";
import type { RawEncoding, TokenizerBackend } from "./backend.js";
import { cleanUpTokenization } from "./decode-cleanup.js";
import { checkArray, checkDocument, checkText } from "./inputs.js";
import type {
  CharSpan,
  DecodeOptions,
  DocumentBatchEncoding,
  DocumentEncoding,
  DocumentOptions,
  EncodeBatchOptions,
  EncodeOptions,
  Encoding,
  LayoutDefaults,
  MultipleChoiceBatchEncoding,
  MultipleChoiceEncoding,
  MultipleChoiceExample,
  MultipleChoiceOptions,
  SpecialTokens,
} from "./types.js";

/**
 * Tokenizer for Longformer / HAT checkpoints. The Node and browser entries export subclasses that
 * add `fromPretrained`; they differ only in the {@link TokenizerBackend} underneath.
 */
export class LongformerTokenizerCore {
  readonly specialTokens: SpecialTokens;
  /** Block size, block count and length limit read from the checkpoint (used when options leave them out). */
  readonly layoutDefaults: LayoutDefaults;
  protected readonly backend: TokenizerBackend;
  private readonly cleanUpDecodedSpaces: boolean;

  constructor(
    backend: TokenizerBackend,
    specialTokens: SpecialTokens,
    layoutDefaults: LayoutDefaults,
    options: { cleanUpTokenizationSpaces?: boolean } = {},
  ) {
    this.backend = backend;
    this.specialTokens = specialTokens;
    this.layoutDefaults = layoutDefaults;
    this.cleanUpDecodedSpaces = options.cleanUpTokenizationSpaces ?? true;
  }

  /** `"native"` (HF tokenizers, Rust) or `"pure-js"` (@huggingface/tokenizers). */
  get backendName(): string {
    return this.backend.name;
  }

  get vocabSize(): number {
    return this.backend.vocabSize;
  }

  get padTokenId(): number {
    return this.specialTokens.pad.id;
  }

  /** The mask token string (`[MASK]`, `<mask>`) to put in a text for fill-mask, if the checkpoint has one. */
  get maskToken(): string | undefined {
    return this.specialTokens.mask?.token;
  }

  get maskTokenId(): number | undefined {
    return this.specialTokens.mask?.id;
  }

  private get layoutTokens(): LayoutTokens {
    return { clsId: this.specialTokens.cls.id, sepId: this.specialTokens.sep.id, padId: this.specialTokens.pad.id };
  }

  private withSpecialTokens(raw: RawEncoding, addSpecialTokens: boolean): Encoding {
    const { cls, sep } = this.specialTokens;
    const n = raw.ids.length;
    if (!addSpecialTokens) {
      return {
        ids: raw.ids,
        tokens: raw.tokens,
        offsets: raw.offsets,
        attentionMask: new Array<number>(n).fill(1),
        tokenTypeIds: new Array<number>(n).fill(0),
        specialTokensMask: new Array<number>(n).fill(0),
      };
    }
    // Single-sequence template of both BERT ([CLS] A [SEP]) and RoBERTa (<s> A </s>).
    return {
      ids: [cls.id, ...raw.ids, sep.id],
      tokens: [cls.token, ...raw.tokens, sep.token],
      offsets: [[0, 0], ...raw.offsets, [0, 0]],
      attentionMask: new Array<number>(n + 2).fill(1),
      tokenTypeIds: new Array<number>(n + 2).fill(0),
      specialTokensMask: [1, ...new Array<number>(n).fill(0), 1],
    };
  }

  /** Tokenizes one text; offsets are UTF-16 spans (`text.slice(start, end)`) of every token. */
  async encode(text: string, options: EncodeOptions = {}): Promise<Encoding> {
    checkText(text, "encode: text");
    return this.withSpecialTokens(await this.backend.encode(text), options.addSpecialTokens ?? true);
  }

  /** Tokenizes several texts; with `padding: true` every row is padded to the longest. */
  async encodeBatch(texts: string[], options: EncodeBatchOptions = {}): Promise<Encoding[]> {
    checkArray<unknown>(texts, "encodeBatch: texts").forEach((t, i) => {
      checkText(t, `encodeBatch: texts[${i}]`);
    });
    const raws = await this.backend.encodeBatch(texts);
    const rows = raws.map((raw) => this.withSpecialTokens(raw, options.addSpecialTokens ?? true));
    if (!options.padding) return rows;
    const length = Math.max(0, ...rows.map((r) => r.ids.length));
    const pad = this.specialTokens.pad;
    return rows.map((r) => {
      const extra = length - r.ids.length;
      return {
        ids: [...r.ids, ...new Array<number>(extra).fill(pad.id)],
        tokens: [...r.tokens, ...new Array<string>(extra).fill(pad.token)],
        offsets: [...r.offsets, ...Array.from({ length: extra }, (): CharSpan => [0, 0])],
        attentionMask: [...r.attentionMask, ...new Array<number>(extra).fill(0)],
        tokenTypeIds: [...r.tokenTypeIds, ...new Array<number>(extra).fill(0)],
        specialTokensMask: [...r.specialTokensMask, ...new Array<number>(extra).fill(1)],
      };
    });
  }

  /**
   * Turns ids back into text (special tokens skipped unless `skipSpecialTokens: false`), with HF's
   * clean-up of spaces before punctuation when the checkpoint asks for it (as Python's `decode`).
   */
  async decode(ids: number[], options: DecodeOptions = {}): Promise<string> {
    const list = checkArray<unknown>(ids, "decode: ids");
    const bad = list.findIndex(
      (id) => typeof id !== "number" || !Number.isInteger(id) || id < 0 || id >= this.vocabSize,
    );
    if (bad >= 0) {
      throw new TokenizerError(
        "INVALID_IDS",
        `decode: ids[${bad}] = ${String(list[bad])} is not a token id (0 .. ${this.vocabSize - 1})`,
      );
    }
    const text = await this.backend.decode(ids, options.skipSpecialTokens ?? true);
    return this.cleanUpDecodedSpaces ? cleanUpTokenization(text) : text;
  }

  /** Vocabulary ids of token strings; unknown strings map to the unknown token (error if there is none). */
  convertTokensToIds(tokens: string): number;
  convertTokensToIds(tokens: string[]): number[];
  convertTokensToIds(tokens: string | string[]): number | number[] {
    const one = (token: unknown, i: number): number => {
      const t = checkText(token, `convertTokensToIds: tokens[${i}]`);
      const id = this.backend.tokenToId(t) ?? this.specialTokens.unk?.id;
      if (id === undefined)
        throw new TokenizerError(
          "UNKNOWN_TOKEN",
          `"${t}" is not in the vocabulary and the tokenizer has no unknown token`,
        );
      return id;
    };
    return typeof tokens === "string"
      ? one(tokens, 0)
      : checkArray<unknown>(tokens, "convertTokensToIds: tokens").map(one);
  }

  /** Token strings of vocabulary ids. */
  convertIdsToTokens(ids: number[]): string[] {
    return checkArray<unknown>(ids, "convertIdsToTokens: ids").map((id, i) => {
      const token = typeof id === "number" ? this.backend.idToToken(id) : undefined;
      if (token === undefined)
        throw new TokenizerError("INVALID_IDS", `convertIdsToTokens: ids[${i}] = ${String(id)} is not a token id`);
      return token;
    });
  }

  private layout(stream: TokenStream, options: DocumentOptions | undefined, what: string): DocumentEncoding {
    const resolved = resolveDocumentOptions(options, this.layoutDefaults);
    if (stream.ids.length === 0) {
      throw new TokenizerError("EMPTY_DOCUMENT", `${what} produced no word pieces (empty or whitespace-only text)`);
    }
    const capacity = resolved.blockSize - 1;
    const plan =
      resolved.grouping === "sentences"
        ? groupSentences(stream.sentenceOf, capacity)
        : groupUniform(stream.ids.length, capacity);
    return layoutDocument(stream, plan, this.layoutTokens, resolved);
  }

  /**
   * A document (a text, or an array of sentences) in the HAT block layout. An empty document is an
   * error (`EMPTY_DOCUMENT`), never an input of padding only.
   */
  async encodeDocument(document: string | string[], options?: DocumentOptions): Promise<DocumentEncoding> {
    return this.documentFrom(
      checkDocument(document, "encodeDocument: document"),
      options,
      "encodeDocument: the document",
    );
  }

  private async documentFrom(
    doc: string | string[],
    options: DocumentOptions | undefined,
    what: string,
  ): Promise<DocumentEncoding> {
    const { locale } = resolveDocumentOptions(options, this.layoutDefaults);
    const [stream] = await buildStreams(this.backend, [doc], locale);
    return this.layout(stream as TokenStream, options, what);
  }

  /** Several documents, each laid out alone, then padded to the longest. */
  async encodeDocumentBatch(
    documents: Array<string | string[]>,
    options?: DocumentOptions,
  ): Promise<DocumentBatchEncoding> {
    const docs = checkArray<unknown>(documents, "encodeDocumentBatch: documents").map((d, i) =>
      checkDocument(d, `encodeDocumentBatch: documents[${i}]`),
    );
    const { locale } = resolveDocumentOptions(options, this.layoutDefaults);
    const streams = await buildStreams(this.backend, docs, locale);
    const encoded = streams.map((s, i) => this.layout(s, options, `encodeDocumentBatch: documents[${i}]`));
    const length = Math.max(0, ...encoded.map((d) => d.inputIds.length));
    const padded = encoded.map((d) => padDocument(d, length, this.specialTokens.pad.id));
    return {
      inputIds: padded.map((d) => d.inputIds),
      attentionMask: padded.map((d) => d.attentionMask),
      tokenTypeIds: padded.map((d) => d.tokenTypeIds),
      globalAttentionMask: padded.map((d) => d.globalAttentionMask),
      offsets: padded.map((d) => d.offsets),
      documents: padded,
    };
  }

  /**
   * HAT's QuALITY multiple-choice layout: one row per option, `maxLength` positions each:
   * article blocks (first `maxLength - 2 * blockSize` positions), the question block, the option block.
   */
  async encodeMultipleChoice(
    example: MultipleChoiceExample,
    options?: MultipleChoiceOptions,
  ): Promise<MultipleChoiceEncoding> {
    const resolved = resolveMultipleChoiceOptions(options, this.layoutDefaults);
    const { blockSize, maxLength } = resolved;
    const article = checkText(example?.article, "encodeMultipleChoice: article");
    const question = checkText(example?.question, "encodeMultipleChoice: question");
    const choices = checkArray<unknown>(example?.options, "encodeMultipleChoice: options").map((o, i) =>
      checkText(o, `encodeMultipleChoice: options[${i}]`),
    );
    if (choices.length === 0) throw new TokenizerError("INVALID_TEXT", "encodeMultipleChoice: options is empty");

    const raws = await this.backend.encodeBatch([question, ...choices]);
    const named = ["question", ...choices.map((_, i) => `options[${i}]`)];
    raws.forEach((raw, i) => {
      if (raw.ids.length === 0)
        throw new TokenizerError("EMPTY_DOCUMENT", `encodeMultipleChoice: ${named[i]} produced no word pieces`);
    });
    const articleOptions: DocumentOptions = {
      grouping: resolved.grouping,
      maxSentenceLength: blockSize,
      maxLength: maxLength - 2 * blockSize,
      maxSentences: (maxLength - 2 * blockSize) / blockSize, // whole blocks: maxLength is a multiple of blockSize
      padding: "maxLength",
      locale: resolved.locale,
    };
    const articleLayout = await this.documentFrom(article, articleOptions, "encodeMultipleChoice: article");
    const tokens = this.layoutTokens;
    const questionBlock = sepBlock(raws[0] as RawEncoding, question, tokens, blockSize);
    const optionBlocks = choices.map((text, i) => sepBlock(raws[i + 1] as RawEncoding, text, tokens, blockSize));
    return assembleMultipleChoice(articleLayout, questionBlock, optionBlocks, blockSize);
  }

  /** Several multiple-choice examples with the same number of options: arrays of shape `(batch, choices, maxLength)`. */
  async encodeMultipleChoiceBatch(
    examples: MultipleChoiceExample[],
    options?: MultipleChoiceOptions,
  ): Promise<MultipleChoiceBatchEncoding> {
    const list = checkArray<MultipleChoiceExample>(examples, "encodeMultipleChoiceBatch: examples");
    const encoded: MultipleChoiceEncoding[] = [];
    for (const example of list) encoded.push(await this.encodeMultipleChoice(example, options));
    const choices = encoded[0]?.inputIds.length;
    const odd = encoded.findIndex((e) => e.inputIds.length !== choices);
    if (odd >= 0) {
      throw new TokenizerError(
        "INVALID_OPTION",
        `encodeMultipleChoiceBatch: example ${odd} has ${encoded[odd]?.inputIds.length} options, example 0 has ${choices}; a batch needs the same number`,
      );
    }
    return {
      inputIds: encoded.map((e) => e.inputIds),
      attentionMask: encoded.map((e) => e.attentionMask),
      tokenTypeIds: encoded.map((e) => e.tokenTypeIds),
      globalAttentionMask: encoded.map((e) => e.globalAttentionMask),
      examples: encoded,
    };
  }
}
