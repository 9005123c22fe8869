import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { tempDirs } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";
import { decodeText, parseChoices, readDocument } from "./inputs.js";

const tempDir = tempDirs();

const example = { article: "A long article.", question: "What?", options: ["a", "b", "c"] };

describe("readDocument", () => {
  const dir = tempDir("classify-inputs-");
  writeFileSync(join(dir, "doc.txt"), "some text");

  it("reads files relative to the working directory, and stdin for -", async () => {
    expect(await readDocument("doc.txt", dir, Readable.from([]))).toEqual({ name: "doc.txt", text: "some text" });
    expect(await readDocument("-", dir, Readable.from([Buffer.from("from "), Buffer.from("stdin")]))).toEqual({
      name: "-",
      text: "from stdin",
    });
  });

  it("names a missing file (INPUT_UNREADABLE)", async () => {
    await expect(readDocument("nope.txt", dir, Readable.from([]))).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
      message: "nope.txt: no such file",
    });
  });
});

describe("decodeText", () => {
  it("takes UTF-8 text, accents and emoji included, without a byte order mark", () => {
    const text = "Déjà vu — naïve café ☕ 𝄞";
    expect(decodeText("a.txt", Buffer.from(text))).toBe(text);
    expect(decodeText("a.txt", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
  });

  it.each([
    ["the PNG signature", Buffer.from("89504e470d0a1a0a", "hex"), "it is not valid UTF-8"],
    ["a PNG header", Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), "it holds NUL bytes"],
    ["latin-1 text", Buffer.from("caf\xe9", "latin1"), "it is not valid UTF-8"],
    ["NUL bytes (UTF-16, binary formats)", Buffer.from("hi", "utf16le"), "it holds NUL bytes"],
  ])("refuses %s (BINARY_INPUT)", (_what, bytes, why) => {
    expect(() => decodeText("x.bin", bytes)).toThrowError(
      expect.objectContaining({
        code: "BINARY_INPUT",
        message: expect.stringContaining(`x.bin: not a text file (${why})`),
      }),
    );
  });
});

describe("parseChoices", () => {
  it("takes one example or an array of them", () => {
    expect(parseChoices(JSON.stringify(example), "q.json")).toEqual([example]);
    expect(parseChoices(JSON.stringify([example, example]), "q.json")).toHaveLength(2);
  });

  it.each([
    ["not json", "q.json is not valid JSON"],
    ["[]", "q.json holds no examples"],
    [JSON.stringify({ ...example, article: "" }), 'q.json: "article" must be a non-empty string'],
    [JSON.stringify({ ...example, options: ["only one"] }), '"options" must be an array of at least 2 strings'],
    [JSON.stringify({ ...example, options: ["a", 3] }), '"options[1]" must be a non-empty string'],
    [JSON.stringify([example, { ...example, options: ["a", "b"] }]), "same number of options (found 3, 2)"],
    [JSON.stringify([example, 5]), "q.json[1]: expected an object"],
  ])("refuses %s (INVALID_CHOICES)", (json, message) => {
    expect(() => parseChoices(json, "q.json")).toThrowError(
      expect.objectContaining({ code: "INVALID_CHOICES", message: expect.stringContaining(message) }),
    );
  });
});
