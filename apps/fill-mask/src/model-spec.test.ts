import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDirs } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import { parseModelSpec } from "./model-spec.js";

const tempDir = tempDirs();

describe("parseModelSpec", () => {
  const base = tempDir("fill-mask-spec-");

  it("takes URLs as URLs", () => {
    expect(parseModelSpec("http://127.0.0.1:8080/tiny/", base)).toEqual({
      kind: "url",
      url: "http://127.0.0.1:8080/tiny/",
    });
  });

  it("resolves existing directories against the base directory", () => {
    expect(parseModelSpec(".", base)).toEqual({ kind: "dir", path: base });
  });

  it("prefers an existing directory over a hub id of the same spelling", () => {
    const owner = join(base, "owner", "name");
    mkdirSync(owner, { recursive: true });
    expect(parseModelSpec("owner/name", base)).toEqual({ kind: "dir", path: owner });
  });

  it("reads owner/name as a hub id with the given revision", () => {
    expect(parseModelSpec("kiddothe2b/longformer-mini-1024", base, "v1")).toEqual({
      kind: "hub",
      repoId: "kiddothe2b/longformer-mini-1024",
      revision: "v1",
    });
  });

  it("never takes something spelled like a path for a hub id", () => {
    expect(() => parseModelSpec("./missing/dir", base)).toThrowError(/no such directory/);
  });

  it("refuses files, other URL schemes and empty values with typed errors", () => {
    const file = join(base, "weights.bin");
    writeFileSync(file, "x");
    const codes = ["weights.bin", "ftp://host/x", " ", "not a model"].map((v) => {
      try {
        parseModelSpec(v, base);
        return "no error";
      } catch (e) {
        return e instanceof AppError ? e.code : String(e);
      }
    });
    expect(codes).toEqual(["USAGE", "USAGE", "USAGE", "MODEL_NOT_FOUND"]);
  });
});
