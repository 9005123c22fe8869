import { writeFileSync } from "node:fs";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-wasm";
import { QuestionAnsweringPipeline, TokenClassificationPipeline } from "@longformer-ts/heads";
import { fixturesRoot, tempDirs } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";
import { runClassify } from "./testing/run.test-util.js";

const tempDir = tempDirs();
const hfModels = join(fixturesRoot(), "longformer-hf", "models");
const qaModel = join(hfModels, "tiny-hf-qa");
const nerModel = join(hfModels, "tiny-hf-tokcls");

const dir = tempDir("classify-hf-");
const DOCS = {
  "contract.txt":
    "This Agreement is made on 5 March 2021 between Northwind Traders Limited and the Contoso Corporation. " +
    "The keeper of the records is the Contoso Corporation, which shall light the lamp every night.",
  "harbour.txt": "The old harbour town lies at the mouth of a wide river. Fishing boats tie up along the quay.",
};
for (const [name, text] of Object.entries(DOCS)) writeFileSync(join(dir, name), text);
const QUESTION = "Who keeps the records?";

const classify = (argv: string[], options = {}) => runClassify(argv, { cwd: dir, ...options });

describe("--question (question answering over each document)", () => {
  it("prints the pipeline's best answer, its score and its character span per document", async () => {
    const run = await classify(["--model", qaModel, "--question", QUESTION, "contract.txt", "harbour.txt"]);
    expect(run.status).toBe(0);
    const qa = await QuestionAnsweringPipeline.fromPretrained(qaModel, { backend: "wasm" });
    const lines: string[] = [];
    for (const name of ["contract.txt", "harbour.txt"] as const) {
      const a = await qa.answerQuestion({ question: QUESTION, context: DOCS[name] });
      expect(a.answer).toBe(DOCS[name].slice(a.start, a.end));
      lines.push(`${a.answer}\t${a.score.toFixed(4)}\t${a.start}-${a.end}\t${name}`);
    }
    qa.dispose();
    expect(run.stdout).toBe(`${lines.join("\n")}\n`);
    expect(run.stderr).toMatch(/^loaded .*tiny-hf-qa \(question answering\) in /);
  });

  it("--json from stdin: the question, the answer and its offsets", async () => {
    const run = await classify(["--model", qaModel, "--question", QUESTION, "--json"], { stdin: DOCS["contract.txt"] });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ model: qaModel, task: "question-answering" });
    const [result] = report.results;
    expect(result).toMatchObject({ name: "-", question: QUESTION, warnings: [] });
    expect(result.answer).toBe(DOCS["contract.txt"].slice(result.start, result.end));
  });

  it("a missing file exits 1 and the others are still answered", async () => {
    const run = await classify(["--model", qaModel, "--question", QUESTION, "missing.txt", "harbour.txt"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/\tharbour\.txt\n$/);
  });
});

describe("--entities (token classification of each document)", () => {
  it("prints the pipeline's entities under a header per document", async () => {
    const run = await classify(["--model", nerModel, "--entities", "contract.txt"]);
    expect(run.status).toBe(0);
    const ner = await TokenClassificationPipeline.fromPretrained(nerModel, { backend: "wasm" });
    const { entities } = await ner.tagTokens(DOCS["contract.txt"]);
    ner.dispose();
    const n = entities.length;
    const expected = [
      `==> contract.txt <== ${n} entit${n === 1 ? "y" : "ies"}`,
      ...entities.map((e) => `${e.entityGroup}\t${e.score.toFixed(4)}\t${e.start}-${e.end}\t${e.word}`),
    ];
    expect(run.stdout).toBe(`${expected.join("\n")}\n`);
    expect(run.stderr).toMatch(/token classification, labels O, B-PARTY, I-PARTY, B-DATE, I-DATE/);
  });

  it("--json from stdin: labels and each entity's character span", async () => {
    const run = await classify(["--model", nerModel, "--entities", "--json", "-"], { stdin: DOCS["contract.txt"] });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      task: "token-classification",
      labels: ["O", "B-PARTY", "I-PARTY", "B-DATE", "I-DATE"],
    });
    for (const e of report.results[0].entities) expect(e.word).toBe(DOCS["contract.txt"].slice(e.start, e.end));
  });
});

describe("usage errors (exit 2)", () => {
  it("modes exclude each other, and the question must not be empty", async () => {
    const both = await classify(["--model", qaModel, "--question", QUESTION, "--entities", "contract.txt"]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--question and --entities exclude each other/);
    const empty = await classify(["--model", qaModel, "--question", " ", "contract.txt"]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/--question needs a question/);
  });

  it("a checkpoint with another head names the flag its head needs", async () => {
    const run = await classify(["--model", nerModel, "--question", QUESTION, "contract.txt"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /error \[WRONG_HEAD\]: .*tiny-hf-tokcls \(LongformerForTokenClassification\) has no question-answering head; it is a token-classification checkpoint: run it with --entities/,
    );
    const other = await classify(["--model", qaModel, "contract.txt"]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/it is a question-answering checkpoint: run it with --question/);
  });
});
