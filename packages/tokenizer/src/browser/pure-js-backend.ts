import { Tokenizer as PureJsTokenizer } from "@huggingface/tokenizers";
import type { RawEncoding, TokenizerBackend } from "../core/backend.js";
import { asRecord, type JsonRecord } from "../core/json.js";
import type { CharSpan } from "../core/types.js";
import { TokenizerError } from "../errors.js";
import { type AddedToken, readAddedTokens, splitOnAddedTokens } from "./added-tokens.js";
import { AlignedNormalizer, type AlignedText } from "./aligned-normalizer.js";
import { BYTE_LEVEL_SPACE, byteLevelToText, byteSpans } from "./byte-level.js";
import { type ComponentPlan, planComponents } from "./supported-components.js";

type Model = NonNullable<PureJsTokenizer["model"]>;
type PreTokenizer = NonNullable<PureJsTokenizer["pre_tokenizer"]>;

/** Collects pieces of one text. */
class Pieces implements RawEncoding {
  ids: number[] = [];
  tokens: string[] = [];
  offsets: CharSpan[] = [];
  push(token: string, id: number, span: CharSpan): void {
    this.tokens.push(token);
    this.ids.push(id);
    this.offsets.push(span);
  }
}

/**
 * `@huggingface/tokenizers` (pure JavaScript) behind the backend interface. The library returns
 * ids and token strings but no offsets, so this class drives its components itself (added-token
 * split, normalizer, pre-tokenizer, model, in Rust's order) and keeps track of where every piece
 * came from. The ids are still the library's; only the bookkeeping is ours.
 */
export class PureJsBackend implements TokenizerBackend {
  readonly name = "pure-js";
  readonly vocabSize: number;
  private readonly tokenizer: PureJsTokenizer;
  private readonly plan: ComponentPlan;
  private readonly rawAdded: AddedToken[];
  private readonly normalizedAdded: AddedToken[];
  private readonly normalizer: AlignedNormalizer;
  private readonly preTokenizer: PreTokenizer | null;
  private readonly model: Model;
  private readonly unkToken: string | undefined;
  private readonly continuingPrefix: string;

  constructor(tokenizerJson: JsonRecord, tokenizerConfig: JsonRecord, origin: string) {
    this.plan = planComponents(tokenizerJson, origin);
    try {
      this.tokenizer = new PureJsTokenizer(tokenizerJson, tokenizerConfig);
    } catch (cause) {
      throw new TokenizerError(
        "INVALID_TOKENIZER_FILE",
        `@huggingface/tokenizers rejected ${origin}: ${(cause as Error).message}`,
        {
          path: origin,
          cause,
        },
      );
    }
    const model = this.tokenizer.model;
    if (!model) throw new TokenizerError("INVALID_TOKENIZER_FILE", `${origin} has no model`, { path: origin });
    this.model = model;
    this.preTokenizer = this.tokenizer.pre_tokenizer;
    const normalize = this.tokenizer.normalizer;
    this.normalizer = new AlignedNormalizer(
      normalize ? (text) => normalize.normalize(text) : null,
      this.plan.chineseChars,
    );
    const added = readAddedTokens(tokenizerJson);
    // Added tokens marked `normalized` are matched in the normalized text, the others in the raw text.
    this.rawAdded = added.filter((t) => !t.normalized || !normalize);
    this.normalizedAdded = normalize
      ? added.filter((t) => t.normalized).map((t) => ({ ...t, content: normalize.normalize(t.content) }))
      : [];
    this.unkToken = model.unk_token;
    this.continuingPrefix = String(asRecord(tokenizerJson.model)?.continuing_subword_prefix ?? "##");
    this.vocabSize = this.tokenizer.get_vocab(true).size;
  }

  async encode(text: string): Promise<RawEncoding> {
    return this.encodeNow(text);
  }

  async encodeBatch(texts: string[]): Promise<RawEncoding[]> {
    return texts.map((t) => this.encodeNow(t));
  }

  async decode(ids: number[], skipSpecialTokens: boolean): Promise<string> {
    if (ids.length === 0) return ""; // the library refuses an empty list
    return this.tokenizer.decode(ids, { skip_special_tokens: skipSpecialTokens, clean_up_tokenization_spaces: false });
  }

  tokenToId(token: string): number | undefined {
    return this.tokenizer.token_to_id(token);
  }

  idToToken(id: number): string | undefined {
    return this.tokenizer.id_to_token(id);
  }

  private idOf(token: string): number {
    const id =
      this.tokenizer.token_to_id(token) ??
      (this.unkToken === undefined ? undefined : this.tokenizer.token_to_id(this.unkToken));
    if (id === undefined)
      throw new TokenizerError("UNKNOWN_TOKEN", `"${token}" is not in the vocabulary and there is no unknown token`);
    return id;
  }

  private encodeNow(text: string): RawEncoding {
    const pieces = new Pieces();
    for (const section of splitOnAddedTokens(text, this.rawAdded)) {
      if (section.kind === "added") {
        // Rust's token string and span include the whitespace an lstrip/rstrip token absorbed;
        // only the byte-level offset trimming (below) takes it off the span again
        pieces.push(text.slice(section.start, section.end), section.token.id, [section.start, section.end]);
      } else if (section.end > section.start) {
        this.encodeNormalizedSection(this.normalizer.apply(text, section.start, section.end), pieces);
      }
    }
    if (this.plan.trimOffsets.enabled) this.trimSpaces(pieces, text);
    return pieces;
  }

  private encodeNormalizedSection(aligned: AlignedText, pieces: Pieces): void {
    const spanOf = (from: number, to: number): CharSpan => [
      aligned.sourceStart[from] as number,
      aligned.sourceEnd[to - 1] as number,
    ];
    for (const section of splitOnAddedTokens(aligned.text, this.normalizedAdded)) {
      if (section.kind === "added") {
        const token = aligned.text.slice(section.start, section.end);
        pieces.push(token, section.token.id, spanOf(section.start, section.end));
        continue;
      }
      if (section.end <= section.start) continue;
      const part = aligned.text.slice(section.start, section.end);
      const words: string[] = this.preTokenizer ? this.preTokenizer.pre_tokenize(part) : [part];
      // ByteLevel with add_prefix_space pre-tokenizes " " + part when part does not start with a
      // space; that space has no character of its own, and Rust aligns it with the first one.
      const byteLevel = this.plan.model === "ByteLevelBPE";
      const prefix = byteLevel && this.plan.addPrefixSpace && !part.startsWith(" ") ? 1 : 0;
      const searched = prefix ? ` ${part}` : part;
      let cursor = 0;
      for (const word of words) {
        const located = byteLevel
          ? this.locateByteLevelWord(searched, word, cursor)
          : this.locateWord(searched, word, cursor);
        cursor = located.end;
        // unit index of the word (in `located.text`) -> index in the normalized text
        const toNormalized = (u: number) => section.start + Math.max(0, located.at(u) - prefix);
        for (const piece of this.pieceSpans(word, located.text)) {
          const [first, last] = [piece.units[0], piece.units[1] - 1];
          pieces.push(piece.token, this.idOf(piece.token), spanOf(toNormalized(first), toNormalized(last) + 1));
        }
      }
    }
  }

  /**
   * Rust's byte-level offset trimming (RobertaProcessing / ByteLevel `trim_offsets`), run over every
   * token like Rust's `process_offsets`: leading and trailing spaces (`Ġ` or whitespace) come off the
   * span, except a single leading space on the first token when the processor added a prefix space.
   */
  private trimSpaces(pieces: Pieces, text: string): void {
    // Rust counts in characters: moving by one may cross two UTF-16 units (a space's span can be an emoji's)
    const forward = (at: number, chars: number) => {
      for (let k = 0; k < chars; k++) at += (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
      return at;
    };
    const backward = (at: number, chars: number) => {
      for (let k = 0; k < chars; k++) at -= at >= 2 && (text.codePointAt(at - 2) ?? 0) > 0xffff ? 2 : 1;
      return at;
    };
    pieces.offsets.forEach((span, i) => {
      const token = pieces.tokens[i] as string;
      let lead = countSpaces(token, 1);
      const trail = countSpaces(token, -1);
      const [start, end] = span;
      if (lead > 0) {
        if ((i === 0 || start === 0) && this.plan.trimOffsets.addPrefixSpace && lead === 1) lead = 0;
        span[0] = Math.min(forward(start, lead), end);
      }
      if (trail > 0 && end >= trail) span[1] = Math.max(backward(end, trail), span[0]);
    });
  }

  /** A word of a splitting pre-tokenizer is a substring of the normalized text. */
  private locateWord(text: string, word: string, cursor: number): Located {
    const index = text.indexOf(word, cursor);
    if (index < 0) throw alignmentError(word);
    return { text: word, end: index + word.length, at: (u) => index + u };
  }

  /** A byte-level word decodes (bytes -> UTF-8) to a substring of the text. */
  private locateByteLevelWord(text: string, word: string, cursor: number): Located {
    const decoded = byteLevelToText(word);
    if (decoded === undefined) throw alignmentError(word);
    const index = text.indexOf(decoded, cursor);
    if (index < 0) throw alignmentError(word);
    return { text: decoded, end: index + decoded.length, at: (u) => index + u };
  }

  /** The model's pieces of one word with their UTF-16 spans inside the word's text. */
  private pieceSpans(word: string, wordText: string): PieceSpan[] {
    const tokens: string[] = this.model._call([word]); // _call = encode + the model's unk fusing
    if (this.plan.model === "ByteLevelBPE") {
      const bytes = byteSpans(wordText);
      let byte = 0;
      return tokens.map((token) => {
        const units: [number, number] = [bytes.start[byte] as number, bytes.end[byte + token.length - 1] as number];
        byte += token.length;
        return { token, units };
      });
    }
    const whole = (token: string): PieceSpan => ({ token, units: [0, wordText.length] });
    if (tokens.length === 1) return [whole(tokens[0] as string)]; // the word itself, or [UNK] for all of it
    let unit = 0;
    return tokens.map((token, i) => {
      const text = i > 0 && token.startsWith(this.continuingPrefix) ? token.slice(this.continuingPrefix.length) : token;
      const units: [number, number] = [unit, unit + text.length];
      unit += text.length;
      return { token, units };
    });
  }
}

/** Rust's `char::is_whitespace` (the Unicode White_Space property; JavaScript's `\s` lacks U+0085). */
const RUST_WHITESPACE = /\p{White_Space}/u;

interface Located {
  /** The word as text (byte-level words decoded). */
  text: string;
  /** Index in the section text just after the word. */
  end: number;
  /** Index in the section text of the word's u-th UTF-16 unit. */
  at: (u: number) => number;
}

interface PieceSpan {
  token: string;
  units: [number, number];
}

/** Leading (direction 1) or trailing (-1) byte-level spaces of a token, as Rust's offset trimming counts them. */
function countSpaces(token: string, direction: 1 | -1): number {
  let n = 0;
  for (let i = direction === 1 ? 0 : token.length - 1; i >= 0 && i < token.length; i += direction) {
    const c = token[i] as string;
    if (c !== BYTE_LEVEL_SPACE && !RUST_WHITESPACE.test(c)) break;
    n++;
  }
  return n;
}

function alignmentError(word: string): TokenizerError {
  return new TokenizerError(
    "UNSUPPORTED_TOKENIZER",
    `the browser tokenizer could not find the pre-token ${JSON.stringify(word)} in the normalized text`,
  );
}
