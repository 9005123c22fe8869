import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseChoices, readDocument } from "./inputs.js";

const example = { article: "A long article.", question: "What?", options: ["a", "b", "c"] };

describe("readDocument", () => {
  const dir = mkdtempSync(join(tmpdir(), "classify-inputs-"));
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
