import { PassThrough } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { StderrProgress } from "./progress.js";

function stream(isTTY: boolean) {
  const s = Object.assign(
    new PassThrough(),
    isTTY ? { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true } : {},
  );
  const chunks: Buffer[] = [];
  s.on("data", (c: Buffer) => chunks.push(c));
  return { s, text: () => Buffer.concat(chunks).toString("utf8") };
}

const events = [
  { phase: "download", unit: "bytes", loaded: 1024, total: 4096, file: "owner/name/model.safetensors" },
  { phase: "download", unit: "bytes", loaded: 4096, total: 4096, file: "owner/name/model.safetensors" },
  { phase: "encode", unit: "tensors", loaded: 3, total: 10 },
  { phase: "write", unit: "bytes", loaded: 2048, total: 2048 },
] as const;

describe("StderrProgress", () => {
  it("draws a bar per file and phase on a terminal", () => {
    const { s, text } = stream(true);
    const progress = new StderrProgress(s);
    for (const e of events) progress.onProgress(e);
    progress.stop();
    expect(text()).toContain("downloading model.safetensors");
    expect(text()).toMatch(/\[[█░=-]+\] 100%/);
    expect(text()).not.toContain("encoding");
  });

  it("writes one line per file and phase otherwise", () => {
    const { s, text } = stream(false);
    const progress = new StderrProgress(s);
    for (const e of events) progress.onProgress(e);
    progress.stop();
    expect(text()).toBe("downloading model.safetensors...\nwriting...\n");
  });

  it("finishes a bar before a log line, so the line gets a line of its own", () => {
    const { s, text } = stream(true);
    const progress = new StderrProgress(s);
    progress.onProgress(events[0]);
    progress.log("kiddothe2b/longformer-mini-1024 not available (...); falling back to ...");
    const lines = text()
      .split("\n")
      .map((l) => stripVTControlCharacters(l));
    expect(lines).toContain("kiddothe2b/longformer-mini-1024 not available (...); falling back to ...");
    expect(lines.find((l) => l.includes("downloading model.safetensors"))).toMatch(/25%/);
    // A later event of the same file draws a new bar below the line.
    progress.onProgress(events[1]);
    progress.stop();
    expect(stripVTControlCharacters(text()).trimEnd()).toMatch(
      /falling back to \.\.\.\n.*downloading model\.safetensors.*100% 4 KiB/,
    );
  });
});
