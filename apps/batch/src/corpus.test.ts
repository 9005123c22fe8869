import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { type CorpusEntry, documentText, parseLine, readCorpus } from "./corpus.js";
import { tempDir } from "./testing/corpus.test-util.js";

const tmp = tempDir("batch-corpus-");
afterAll(() => tmp.cleanup());

async function all(inputs: string[], stdin = ""): Promise<CorpusEntry[]> {
  const entries: CorpusEntry[] = [];
  for await (const e of readCorpus(inputs, tmp.dir, Readable.from([Buffer.from(stdin)]))) entries.push(e);
  return entries;
}

describe("parseLine", () => {
  it("takes {id, text}; a number id becomes its decimal string", () => {
    expect(parseLine('{"id": "a", "text": "x"}', "f:1")).toEqual({ document: { id: "a", text: "x" } });
    expect(parseLine('{"id": 12, "text": ""}', "f:1")).toEqual({ document: { id: "12", text: "" } });
  });

  it.each([
    ["{", "not valid JSON"],
    ["[1]", 'expected an object {"id", "text"}'],
    ['{"text": "x"}', '"id" must be a non-empty string or a number'],
    ['{"id": "", "text": "x"}', '"id" must be a non-empty string or a number'],
    ['{"id": "a", "text": 5}', '"text" of a must be a string'],
  ])("rejects %s", (line, message) => {
    expect(parseLine(line, "f.jsonl:3")).toEqual({
      rejection: { where: "f.jsonl:3", message: expect.stringContaining(message) },
    });
  });
});

describe("readCorpus", () => {
  it("reads JSONL files and stdin line by line (blank lines skipped), in order", async () => {
    writeFileSync(join(tmp.dir, "a.jsonl"), '{"id": "1", "text": "one"}\n\n{"id": "2", "text": "two"}\r\n');
    const entries = await all(["a.jsonl", "-"], '{"id": "3", "text": "three"}\nnope\n');
    expect(entries).toEqual([
      { document: { id: "1", text: "one" } },
      { document: { id: "2", text: "two" } },
      { document: { id: "3", text: "three" } },
      { rejection: { where: "-:2", message: expect.stringContaining("not valid JSON") } },
    ]);
  });

  it("reads a directory's .txt files recursively, sorted, with relative paths as ids; not-UTF-8 files as bytes", async () => {
    const dir = join(tmp.dir, "docs");
    mkdirSync(join(dir, "2024"), { recursive: true });
    writeFileSync(join(dir, "b.txt"), "bee");
    writeFileSync(join(dir, "2024", "a.txt"), "ay");
    writeFileSync(join(dir, "notes.md"), "skipped");
    writeFileSync(join(dir, "latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const entries = await all(["docs"]);
    expect(entries).toEqual([
      { document: { id: "2024/a.txt", text: "ay" } },
      { document: { id: "b.txt", text: "bee" } },
      { document: { id: "latin1.txt", bytes: Buffer.from([0x63, 0x61, 0x66, 0xe9]).toString("base64") } },
    ]);
    const latin1 = entries[2] as { document: { id: string; bytes: string } };
    expect(() => documentText(latin1.document)).toThrowError(
      expect.objectContaining({ code: "DOCUMENT_UNDECODABLE", message: "document latin1.txt is not valid UTF-8 text" }),
    );
    expect(documentText({ id: "x", bytes: Buffer.from("café").toString("base64") })).toBe("café");
  });

  it("names a missing input (INPUT_UNREADABLE)", async () => {
    await expect(all(["missing.jsonl"])).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
      message: "missing.jsonl: no such file",
    });
  });
});
