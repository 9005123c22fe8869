import { readFileSync } from "node:fs";
import { join } from "node:path";
import { longformerFixturesDir } from "@longformer-ts/test-helpers";
import type { LongformerTokenizerCore } from "@longformer-ts/tokenizer";

interface TextsJson {
  texts: Record<string, string | string[]>;
  token_ids: Record<string, number[] | number[][]>;
}

let cached: TextsJson | undefined;
export function goldenTexts(): TextsJson {
  cached ??= JSON.parse(readFileSync(join(longformerFixturesDir(), "golden", "texts.json"), "utf8")) as TextsJson;
  return cached;
}

export function goldenText(name: string): string {
  const t = goldenTexts().texts[name];
  if (typeof t !== "string") throw new Error(`texts.json has no text "${name}"`);
  return t;
}

export function goldenStrings(name: string): string[] {
  const t = goldenTexts().texts[name];
  if (!Array.isArray(t)) throw new Error(`texts.json has no list "${name}"`);
  return t;
}

/**
 * The characters of a golden text that produced word pieces `[offset, offset + count)`, optionally with some of
 * those pieces replaced by mask markers. Checks that the piece ids match texts.json, so a test built on it
 * starts from exactly the golden tokens.
 */
export async function textSlice(
  tokenizer: LongformerTokenizerCore,
  name: string,
  offset: number,
  count: number,
  masks: Array<{ piece: number; marker: string }> = [],
): Promise<string> {
  const text = goldenText(name);
  const enc = await tokenizer.encode(text, { addSpecialTokens: false });
  const expected = goldenTexts().token_ids[name] as number[];
  if (enc.ids.some((id, i) => id !== expected[i])) throw new Error(`tokenizer disagrees with texts.json on "${name}"`);
  const start = enc.offsets[offset]![0];
  const end = enc.offsets[offset + count - 1]![1];
  let out = "";
  let from = start;
  for (const { piece, marker } of [...masks].sort((a, b) => a.piece - b.piece)) {
    const [s, e] = enc.offsets[offset + piece]!;
    out += text.slice(from, s) + marker;
    from = e;
  }
  return out + text.slice(from, end);
}

/** Text piece index of a position in a uniform HAT layout (every block: 1 leader + `blockSize - 1` pieces). */
export function pieceAt(position: number, blockSize: number): number {
  const block = Math.floor(position / blockSize);
  const within = position % blockSize;
  if (within === 0) throw new Error(`position ${position} is a block leader`);
  return block * (blockSize - 1) + within - 1;
}
