import { seededRandom as prng } from "@longformer-ts/test-helpers";
/**
 * A deterministic corpus for the Node/browser tokenizer parity test: the fixture texts plus
 * generated paragraphs mixing English words, punctuation, accents (precomposed and combining),
 * digits, scripts, emoji, CJK (BMP and supplementary, with the edges of every range), invisible
 * and control characters, whitespace variants, very long words and special tokens written in text.
 */
import { goldenTexts } from "./fixtures.test-util.js";

const cp = (...points: number[]) => String.fromCodePoint(...points);

const PUNCTUATION = [
  ..."., ;:!?'\"()[]{}-/\\@#$%^&*+=<>|~`_",
  "—",
  "–",
  "…",
  "«",
  "»",
  "“",
  "”",
  "‘",
  "’",
  "¡",
  "¿",
  "·",
  "§",
  "¶",
  "†",
  "‰",
  "′",
  "″",
  "⁂",
  "、",
  "。",
  "「",
  "」",
  "！",
  "？",
];

const ACCENTED = [
  "café",
  "naïve",
  "Ångström",
  "résumé",
  "São Paulo",
  "Dvořák",
  "Łódź",
  "Ærøskøbing",
  "İstanbul",
  "straße",
  "STRASSE",
  "ΣΟΦΟΣ",
  "ΟΔΟΣ",
  "Ελληνικά",
  "σοφός",
  "Русский текст",
  "Ёлка",
  "العربية",
  "עברית",
  "हिन्दी",
  "ไทย",
  "Tiếng Việt",
  `cafe${cp(0x301)}`,
  `nai${cp(0x308)}ve`,
  `${cp(0x301)}leading mark`,
  `a${cp(0x301, 0x302, 0x323)}b`,
  "ǅemal",
  "ﬁne ﬂow",
  "Ǆ ǆ",
];

const SCRIPTS = [
  "日本語のテキスト",
  "中文字符",
  "한국어 문장",
  "ｆｕｌｌｗｉｄｔｈ",
  "ｶﾀｶﾅ",
  "カタカナ",
  "ひらがな",
  "𝒳𝒴𝒵 𝔸𝔹",
  "①②③",
  "x² y³",
  "½ ¾",
  "ℌℑℜ",
  // CJK supplementary planes, including the edges of Rust's ranges (U+2B820..2B91F is outside them)
  cp(0x20000),
  cp(0x2a6df),
  cp(0x2a700),
  cp(0x2b73f),
  cp(0x2b740),
  cp(0x2b81f),
  cp(0x2b820),
  cp(0x2b91f),
  cp(0x2b920),
  cp(0x2ceaf),
  cp(0x2ceb0),
  cp(0x30000),
  cp(0x2f800),
  cp(0x2fa1f),
  cp(0xf900),
  cp(0xfaff),
  cp(0x3400),
  cp(0x4dbf),
  cp(0x9fff),
  `a${cp(0x20001)}b`,
  `x${cp(0x2b820)}y`,
];

const EMOJI = ["😀", "👍🏽", "👩‍👩‍👧", "🏳️‍🌈", "🇫🇷", "❤️", "☕", "🤖x", "a😀b", "✓✗"];

const INVISIBLE = [
  cp(0x200b),
  cp(0x200c),
  cp(0x200d),
  cp(0xfeff),
  cp(0xa0),
  cp(0x2028),
  cp(0x2029),
  cp(0x202f),
  cp(0x3000),
  cp(0x85),
  cp(0x07),
  cp(0x00ad),
  cp(0x200e),
  cp(0x200f),
  cp(0xfffd),
  cp(0x0378),
  cp(0xe000),
  "\t",
  "\n",
  "\r\n",
  "  ",
  "\v",
  "\f",
];

const SPECIAL_IN_TEXT = [
  "[MASK]",
  "[CLS]",
  "[SEP]",
  "[PAD]",
  "[UNK]",
  "[mask]",
  "<mask>",
  "<s>",
  "</s>",
  "[MASK][MASK]",
  "x[MASK]y",
];

function number(rand: () => number): string {
  const kinds = [
    () => String(Math.floor(rand() * 1e6)),
    () => (rand() * 1000).toFixed(3),
    () => `${Math.floor(rand() * 999)},${String(Math.floor(rand() * 1000)).padStart(3, "0")},000`,
    () => `${2000 + Math.floor(rand() * 30)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
    () => `${Math.floor(rand() * 24)}:${String(Math.floor(rand() * 60)).padStart(2, "0")}`,
    () => `${(rand() * 100).toFixed(1)}%`,
    () => `1e-${Math.floor(rand() * 20)}`,
    () => `v${Math.floor(rand() * 10)}.${Math.floor(rand() * 10)}.${Math.floor(rand() * 10)}`,
  ];
  return (kinds[Math.floor(rand() * kinds.length)] as () => string)();
}

function longWord(rand: () => number): string {
  const letters = "abcdefghijklmnopqrstuvwxyzéü";
  const n = 20 + Math.floor(rand() * 130); // crosses WordPiece's 100-character limit
  let w = "";
  for (let i = 0; i < n; i++) w += letters[Math.floor(rand() * letters.length)];
  return rand() < 0.3 ? w.toUpperCase() : w;
}

/** Fixture texts, their sentences, and `count` generated paragraphs. */
export function parityCorpus(count = 1500, seed = 20240601): string[] {
  const texts = goldenTexts().texts;
  const fixture = Object.values(texts).flat();
  const words = fixture.join(" ").split(/\s+/).filter(Boolean);
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const generated: string[] = [];
  for (let p = 0; p < count; p++) {
    const parts: string[] = [];
    const length = 5 + Math.floor(rand() * 60);
    for (let i = 0; i < length; i++) {
      const r = rand();
      if (r < 0.45) parts.push(pick(words));
      else if (r < 0.55) parts.push(pick(PUNCTUATION));
      else if (r < 0.63) parts.push(pick(ACCENTED));
      else if (r < 0.7) parts.push(number(rand));
      else if (r < 0.77) parts.push(pick(SCRIPTS));
      else if (r < 0.82) parts.push(pick(EMOJI));
      else if (r < 0.88) parts.push(pick(INVISIBLE));
      else if (r < 0.92) parts.push(pick(SPECIAL_IN_TEXT));
      else if (r < 0.95) parts.push(longWord(rand));
      else parts.push(pick(words) + pick(PUNCTUATION) + pick(words)); // glued punctuation
    }
    // vary the joiner: usually a space, sometimes nothing or other whitespace
    generated.push(parts.reduce((acc, part) => acc + (rand() < 0.85 ? " " : pick(["", "\t", "\n", "  "])) + part, ""));
  }
  const sentences = fixture.flatMap((t) => t.split(/(?<=[.!?])\s+/));
  return [...fixture, ...sentences, ...generated, "", " ", "\n\t"];
}
