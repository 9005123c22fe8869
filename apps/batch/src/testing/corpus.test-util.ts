import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TOPICS = ["the harbour", "the market", "the lighthouse", "the river", "the court", "the contract", "the ward"];

/** `n` documents of 1 to 9 sentences (some longer than the tiny models read), ids `case-0`... */
export function makeCorpus(n: number): Array<{ id: string; text: string }> {
  return Array.from({ length: n }, (_, i) => ({
    id: `case-${i}`,
    text: Array.from(
      { length: 1 + (i % 9) },
      (_, j) => `Sentence ${j} of case ${i} is about ${TOPICS[(i + j) % TOPICS.length]} and the weather.`,
    ).join(" "),
  }));
}

/** A temp directory that `cleanup()` removes. */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeJsonl(path: string, docs: Array<{ id: string | number; text: unknown }>): string {
  writeFileSync(path, `${docs.map((d) => JSON.stringify(d)).join("\n")}\n`);
  return path;
}
