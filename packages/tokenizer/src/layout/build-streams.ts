import type { RawEncoding, TokenizerBackend } from "../core/backend.js";
import { SENTENCE_JOINER } from "../core/defaults.js";
import type { CharSpan } from "../core/types.js";
import { assignSentences, segmentSentences } from "./sentences.js";
import type { TokenStream } from "./token-stream.js";

/** A text's pieces with the sentences `Intl.Segmenter` finds in it. */
function streamFromText(text: string, raw: RawEncoding, locale: string): TokenStream {
  const { sentenceOf, sentences } = assignSentences(raw.offsets, segmentSentences(text, locale));
  return { ids: raw.ids, offsets: raw.offsets, sentenceOf, sentences, text };
}

/** Given sentences are kept as they are; offsets move into the joined text. */
function streamFromSentences(sentences: readonly string[], raws: readonly RawEncoding[]): TokenStream {
  const ids: number[] = [];
  const offsets: CharSpan[] = [];
  const sentenceOf: number[] = [];
  const spans: CharSpan[] = [];
  let start = 0;
  sentences.forEach((sentence, s) => {
    const raw = raws[s] as RawEncoding;
    for (let p = 0; p < raw.ids.length; p++) {
      const [a, b] = raw.offsets[p] as CharSpan;
      ids.push(raw.ids[p] as number);
      offsets.push([a + start, b + start]);
      sentenceOf.push(s);
    }
    spans.push([start, start + sentence.length]);
    start += sentence.length + SENTENCE_JOINER.length;
  });
  return { ids, offsets, sentenceOf, sentences: spans, text: sentences.join(SENTENCE_JOINER) };
}

/** Tokenizes several documents in one backend call (the native backend parallelises a batch). */
export async function buildStreams(
  backend: TokenizerBackend,
  documents: ReadonlyArray<string | readonly string[]>,
  locale: string,
): Promise<TokenStream[]> {
  const texts: string[] = [];
  for (const doc of documents) {
    if (typeof doc === "string") texts.push(doc);
    else texts.push(...doc);
  }
  const raws = texts.length === 1 ? [await backend.encode(texts[0] as string)] : await backend.encodeBatch(texts);
  let next = 0;
  return documents.map((doc) => {
    if (typeof doc === "string") return streamFromText(doc, raws[next++] as RawEncoding, locale);
    const own = raws.slice(next, next + doc.length);
    next += doc.length;
    return streamFromSentences(doc, own);
  });
}
