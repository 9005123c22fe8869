import { writeFileSync } from "node:fs";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-wasm";
import { convert } from "@longformer-ts/convert";
import { DocumentClassificationPipeline, SentenceTaggingPipeline } from "@longformer-ts/heads";
import { longformerFixturesDir, tempDirs } from "@longformer-ts/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClassify, serveModel } from "./testing/run.test-util.js";
import { terminalScreen } from "./testing/terminal-screen.test-util.js";

const tempDir = tempDirs();

const models = join(longformerFixturesDir(), "models");
const seqcls = join(models, "tiny-seqcls");
const sentcls = join(models, "tiny-sentcls");
const mc = join(models, "tiny-mc");
const mlm = join(models, "tiny-mlm");

const dir = tempDir("classify-cli-");
const DOCS = {
  "harbour.txt":
    "The old harbour town lies at the mouth of a wide river. Fishing boats tie up along the quay. A lighthouse stands on the rocks.",
  "market.txt": "The market opens early. Traders sell fish, bread and cheese.",
  "long.txt": Array.from({ length: 30 }, (_, i) => `Sentence number ${i} talks about the sea and the weather.`).join(
    " ",
  ),
};
for (const [name, text] of Object.entries(DOCS)) writeFileSync(join(dir, name), text);
const EXAMPLE = {
  article: "The lighthouse was built in 1854 after a ship carrying timber sank in a gale with its whole crew.",
  question: "Why was the lighthouse built?",
  options: ["a ship sank", "the town grew", "a festival"],
};
writeFileSync(join(dir, "q.json"), JSON.stringify(EXAMPLE));
writeFileSync(join(dir, "qs.json"), JSON.stringify([EXAMPLE, { ...EXAMPLE, question: "When was it built?" }]));
writeFileSync(join(dir, "bad.json"), JSON.stringify({ article: "x", question: "y", options: "z" }));
// The first bytes of a PNG (signature, IHDR) and bytes from a fixed pseudo-random sequence: not text.
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61", "hex");
writeFileSync(join(dir, "image.png"), PNG);
writeFileSync(join(dir, "random.bin"), Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 167 + 13) % 256)));

const classify = (argv: string[], options = {}) => runClassify(argv, { cwd: dir, ...options });

describe("classify documents", () => {
  it("prints label, score and file per document, as the pipeline computes them", async () => {
    const run = await classify(["--model", seqcls, "harbour.txt", "market.txt"]);
    expect(run.status).toBe(0);
    const pipeline = await DocumentClassificationPipeline.fromPretrained(seqcls, { backend: "wasm" });
    const expected = await pipeline.classifyDocument([DOCS["harbour.txt"], DOCS["market.txt"]]);
    pipeline.dispose();
    expect(run.stdout).toBe(
      `${expected[0]!.label}\t${expected[0]!.score.toFixed(4)}\tharbour.txt\n${expected[1]!.label}\t${expected[1]!.score.toFixed(4)}\tmarket.txt\n`,
    );
    expect(run.stderr).toMatch(
      /^loaded .*tiny-seqcls \(document classification, labels LABEL_0, LABEL_1, LABEL_2\) in /,
    );
  });

  it("reads stdin for - and when no file is given", async () => {
    const explicit = await classify(["--model", seqcls, "-"], { stdin: DOCS["market.txt"] });
    const implicit = await classify(["--model", seqcls], { stdin: DOCS["market.txt"] });
    const file = await classify(["--model", seqcls, "market.txt"]);
    expect(explicit.status).toBe(0);
    expect(explicit.stdout).toBe(file.stdout.replace("market.txt", "-"));
    expect(implicit.stdout).toBe(explicit.stdout);
  });

  it("--json gives the model, the labels and each document's scores; a missing file is reported and exits 1", async () => {
    const run = await classify(["--model", seqcls, "--json", "harbour.txt", "missing.txt", "long.txt"]);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      model: seqcls,
      task: "document-classification",
      labels: ["LABEL_0", "LABEL_1", "LABEL_2"],
    });
    const [harbour, missing, long] = report.results;
    expect(Object.keys(harbour).sort()).toEqual(["label", "labels", "name", "score", "scores", "warnings"]);
    expect(harbour.warnings).toEqual([]);
    expect(harbour.scores.map((s: { label: string }) => s.label).sort()).toEqual(["LABEL_0", "LABEL_1", "LABEL_2"]);
    expect(harbour.scores.reduce((a: number, s: { score: number }) => a + s.score, 0)).toBeCloseTo(1, 5);
    expect(harbour.scores[0]).toEqual({ label: harbour.label, score: harbour.score });
    expect(missing).toEqual({
      name: "missing.txt",
      error: { code: "INPUT_UNREADABLE", message: "missing.txt: no such file" },
    });
    expect(long.name).toBe("long.txt");
    // The truncation warning is in the JSON too, not only on stderr.
    expect(long.warnings).toEqual([
      { code: "TRUNCATED", message: expect.stringMatching(/^classifyDocument: text 0 has \d+ word pieces/) },
    ]);
    expect(run.stderr).toContain("error [INPUT_UNREADABLE] missing.txt: no such file\n");
    expect(run.stderr).toMatch(/warning \[TRUNCATED\] long\.txt: classifyDocument: text 0 has \d+ word pieces/);
  });

  it("shows a progress bar for several files on a terminal, and none otherwise", async () => {
    const files = ["harbour.txt", "market.txt", "long.txt"];
    const tty = await classify(["--model", seqcls, ...files], { stderrIsTTY: true });
    expect(tty.status).toBe(0);
    expect(tty.stderr).toContain("classifying [");
    expect(tty.stderr).toContain("3/3 files");
    const piped = await classify(["--model", seqcls, ...files]);
    expect(piped.stderr).not.toContain("classifying [");
    const off = await classify(["--model", seqcls, "--no-progress", ...files], { stderrIsTTY: true });
    expect(off.stderr).not.toContain("classifying [");
  });

  it("writes warnings and errors above the progress bar on a terminal, never over it", async () => {
    const files = ["harbour.txt", "long.txt", "missing.txt", "market.txt"];
    const run = await classify(["--model", seqcls, ...files], { stderrIsTTY: true });
    expect(run.status).toBe(1);
    const screen = terminalScreen(run.stderr).filter((l) => l !== "");
    const warning = screen.find((l) => l.includes("warning [TRUNCATED]"));
    expect(warning).toMatch(/^warning \[TRUNCATED\] long\.txt: classifyDocument: text 0 has \d+ word pieces/);
    expect(screen).toContain("error [INPUT_UNREADABLE] missing.txt: no such file");
    expect(screen.filter((l) => l.includes("classifying ["))).toEqual([
      expect.stringMatching(/^classifying \[[█░]+\] 4\/4 files market\.txt$/),
    ]);
    expect(screen.at(-1)).toContain("4/4 files");
  });

  it("reports binary inputs (an image, random bytes) as BINARY_INPUT and still classifies the rest", async () => {
    const run = await classify(["--model", seqcls, "--json", "image.png", "harbour.txt", "random.bin"]);
    expect(run.status).toBe(1);
    const [png, harbour, random] = JSON.parse(run.stdout).results;
    expect(png).toEqual({
      name: "image.png",
      error: { code: "BINARY_INPUT", message: expect.stringMatching(/^image\.png: not a text file/) },
    });
    expect(harbour).toMatchObject({ name: "harbour.txt", label: expect.any(String) });
    expect(random.error.code).toBe("BINARY_INPUT");
    expect(run.stderr).toMatch(/^error \[BINARY_INPUT\] image\.png: not a text file \(it holds NUL bytes\)/m);
    const piped = await classify(["--model", seqcls, "-"], { stdin: PNG });
    expect(piped.status).toBe(1);
    expect(piped.stderr).toContain("error [BINARY_INPUT] -: not a text file");
    expect(piped.stdout).toBe("");
  });
});

describe("classify --sentences", () => {
  it("labels every segment with its text", async () => {
    const run = await classify(["--model", sentcls, "--sentences", "harbour.txt"]);
    expect(run.status).toBe(0);
    const pipeline = await SentenceTaggingPipeline.fromPretrained(sentcls, { backend: "wasm" });
    const { segments } = await pipeline.tagSentences(DOCS["harbour.txt"]);
    pipeline.dispose();
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`==> harbour.txt <== ${segments.length} segments`);
    expect(lines.slice(1)).toEqual(segments.map((s) => `${s.block}\t${s.label}\t${s.score.toFixed(4)}\t${s.text}`));
    expect(segments.length).toBeGreaterThan(1);
    expect(segments.map((s) => s.text).join(" ")).toBe(DOCS["harbour.txt"]);
  });

  it("--json keeps the character spans of each segment", async () => {
    const run = await classify(["--model", sentcls, "--sentences", "--json", "harbour.txt", "market.txt"]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.task).toBe("sentence-tagging");
    expect(report.labels).toEqual(["LABEL_0", "LABEL_1", "LABEL_2", "LABEL_3"]);
    for (const result of report.results) {
      const text = DOCS[result.name as keyof typeof DOCS];
      for (const s of result.segments) expect(text.slice(s.charStart, s.charEnd)).toBe(s.text);
    }
  });
});

describe("classify --choices", () => {
  it("scores every option and marks the answer", async () => {
    const run = await classify(["--model", mc, "--choices", "q.json"]);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`question: ${EXAMPLE.question}`);
    expect(lines.slice(1).map((l) => l.replace(/\d\.\d{4}/, "S"))).toEqual(
      EXAMPLE.options.map((o, i) => expect.stringMatching(new RegExp(`^[* ] ${"ABC"[i]}\\) S  ${o}$`))),
    );
    const scores = lines.slice(1).map((l) => Number(/\d\.\d{4}/.exec(l)![0]));
    const marked = lines.slice(1).findIndex((l) => l.startsWith("*"));
    expect(marked).toBe(scores.indexOf(Math.max(...scores)));
    expect(run.stderr).toMatch(/^loaded .*tiny-mc \(multiple choice\) in /);
  });

  it("--json answers an array of examples", async () => {
    const run = await classify(["--model", mc, "--choices", "qs.json", "--json"]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.task).toBe("multiple-choice");
    expect(report.results.map((r: { question: string }) => r.question)).toEqual([
      EXAMPLE.question,
      "When was it built?",
    ]);
    for (const r of report.results) {
      expect(r.scores.map((s: { option: string }) => s.option)).toEqual(EXAMPLE.options);
      expect(r.scores.reduce((a: number, s: { score: number }) => a + s.score, 0)).toBeCloseTo(1, 5);
      expect(r.best).toEqual(
        r.scores.reduce((a: { score: number }, b: { score: number }) => (b.score > a.score ? b : a)),
      );
    }
  });
});

describe("classify model sources", () => {
  let server: Awaited<ReturnType<typeof serveModel>>;
  beforeAll(async () => {
    const converted = join(tempDir("classify-converted-"), "tiny-seqcls");
    await convert(seqcls, converted);
    server = await serveModel("owner/tiny-seqcls", seqcls, converted);
  });
  afterAll(async () => {
    await server.close();
  });

  it("loads a converted directory over HTTP and a hub id through the hub, with the same results", async () => {
    const local = await classify(["--model", seqcls, "harbour.txt"]);
    const url = await classify(["--model", `${server.endpoint}/plain/`, "harbour.txt"]);
    const cacheDir = tempDir("classify-hub-");
    const hub = await classify([
      "--model",
      "owner/tiny-seqcls",
      "--endpoint",
      server.endpoint,
      "--cache-dir",
      cacheDir,
      "harbour.txt",
    ]);
    expect(url.status).toBe(0);
    expect(hub.status).toBe(0);
    expect(url.stdout).toBe(local.stdout);
    expect(hub.stdout).toBe(local.stdout);
    expect(hub.stderr).toContain("downloading owner/tiny-seqcls/model.safetensors");
  });
});

describe("classify exit statuses", () => {
  it.each([
    [["harbour.txt"], 2, /required option '--model <src>' not specified/],
    [["--model", seqcls, "--sentences", "--choices", "q.json"], 2, /--choices and --sentences exclude each other/],
    [
      ["--model", seqcls, "--choices", "q.json", "harbour.txt"],
      2,
      /--choices reads its examples from q\.json; do not also pass files/,
    ],
    [["--model", mc, "--choices", "bad.json"], 2, /error \[INVALID_CHOICES\]: bad\.json: "options" must be an array/],
    [
      ["--model", mc, "harbour.txt"],
      2,
      /error \[WRONG_HEAD\]: .*tiny-mc \(LongformerForMultipleChoice\) has no document-classification head; it is a multiple-choice checkpoint: run it with --choices FILE\.json/,
    ],
    [
      ["--model", seqcls, "--sentences", "harbour.txt"],
      2,
      /it is a document-classification checkpoint: run it without --sentences/,
    ],
    [
      ["--model", sentcls, "harbour.txt"],
      2,
      /error \[WRONG_HEAD\]: .*tiny-sentcls \(LongformerModelForSentenceClassification\) has no document-classification head; it is a sentence-tagging checkpoint: run it with --sentences/,
    ],
    [
      ["--model", mlm, "harbour.txt"],
      2,
      /error \[WRONG_HEAD\]: .*tiny-mlm \(LongformerForMaskedLM\) has no document-classification head; it is a fill-mask checkpoint: this command has no mode for it/,
    ],
    [
      ["--model", mlm, "--sentences", "harbour.txt"],
      2,
      /error \[WRONG_HEAD\]: .*tiny-mlm \(LongformerForMaskedLM\) has no sentence-tagging head; it is a fill-mask checkpoint/,
    ],
    [["--model", mc, "--choices", "image.png"], 2, /error \[INVALID_CHOICES\]: image\.png: not a text file/],
    [["--model", seqcls, "-", "-"], 2, /stdin \(-\) can be read only once/],
    [["--model", seqcls, "--backend", "webgl", "harbour.txt"], 2, /Allowed choices are wasm, cpu/],
    [["--model", "./nope", "harbour.txt"], 1, /error \[MODEL_NOT_FOUND\]: --model \.\/nope: no such directory/],
    [["--model", "owner/absent", "--offline", "--cache-dir", dir, "harbour.txt"], 1, /error \[OFFLINE_CACHE_MISS\]/],
  ])("%j exits with %i", async (argv, status, message) => {
    const run = await classify(argv);
    expect(run.stderr).toMatch(message);
    expect(run.status).toBe(status);
    expect(run.stdout).toBe("");
  });

  it("stops with a usage error instead of waiting for typed input on a terminal", async () => {
    const run = await classify(["--model", seqcls], { stdinIsTTY: true });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("error [USAGE]: no input: pass files, or - to read stdin\n");
  });
});
