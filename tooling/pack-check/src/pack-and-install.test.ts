// The packages as users get them: packed at their release versions, installed from a registry into a
// project outside the workspace, each used alone. See README.md for what each step guards against.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { KERNEL_NAMES } from "@longformer-ts/attention";
import { convert, loadWeights } from "@longformer-ts/convert";
import { parseLongformerConfig } from "@longformer-ts/encoder";
import { createPipeline } from "@longformer-ts/heads";
import { geluErfSimd } from "@longformer-ts/simd";
import { longformerFixturesDir, repoRoot, tokenizerFixtureDir } from "@longformer-ts/test-helpers";
import { LongformerTokenizer } from "@longformer-ts/tokenizer";
import semver from "semver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsumerProject } from "./consumer-project.js";
import { copiesOf, indexByVersion, installedCopies } from "./installed-graph.js";
import { internalRangeProblems } from "./internal-ranges.js";
import { LocalRegistry } from "./local-registry.js";
import type { PackageManifest } from "./manifest.js";
import { readmeSnippet } from "./readme-snippet.js";
import { runCommand } from "./run-command.js";
import { type PackedPackage, stageAndPack } from "./stage-and-pack.js";
import { attwProblems, publintProblems, shippedFileProblems } from "./tarball-checks.js";
import { installedVersion, toolBin } from "./tool-bin.js";
import { type PublishedPackage, publishedPackages, readManifest, releaseVersions } from "./workspace-packages.js";

const root = repoRoot();
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const TFJS_CORE = "@tensorflow/tfjs-core";
const FILL_MASK_TEXT = "The lighthouse keeper climbed the [MASK] every night to light the lamp.";
const DOCUMENT = "The lighthouse keeper climbed the stairs. A storm was coming from the west, and the lamp burned.";

interface HeadsRun {
  predictions: { token: number; score: number }[][];
  errorCode: string | undefined;
  errorIsEncoderLongformerError: boolean;
}

/** The private workspace packages (tooling/*) the published ones name as `workspace:` devDependencies. */
function privateWorkspaceDirs(): Map<string, string> {
  const tooling = join(root, "tooling");
  const dirs = new Map<string, string>();
  for (const entry of readdirSync(tooling)) {
    const dir = join(tooling, entry);
    if (existsSync(join(dir, "package.json"))) dirs.set(readManifest(dir).name, dir);
  }
  return dirs;
}

// Generous timeouts: pnpm, tsc and attw run as child processes, and CI machines may be shared.
describe("pack-and-install: the published packages, from their tarballs, outside the workspace", {
  timeout: 300_000,
}, () => {
  let work: string;
  let registry: LocalRegistry | undefined;
  let consumer: ConsumerProject;
  let packages: PublishedPackage[];
  let versions: Map<string, string>;
  let packed: PackedPackage[];
  const tsc = toolBin("typescript", "tsc");
  const tinyMlm = () => join(longformerFixturesDir(), "models", "tiny-mlm");

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "longformer-pack-check-"));
    packages = publishedPackages(root);
    versions = await releaseVersions(root, packages);
    packed = await stageAndPack(
      packages,
      versions,
      privateWorkspaceDirs(),
      join(work, "stage"),
      join(work, "tarballs"),
    );
    // Third-party packages come from what the workspace installed for the packages and for this one.
    const installed = installedCopies([...packages.map((pkg) => pkg.dir), packageDir], true);
    registry = await LocalRegistry.start(indexByVersion(installed), join(work, "registry"));
    for (const pkg of packed) registry.publish(pkg.tarball, pkg.manifest);
    consumer = new ConsumerProject(join(work, "consumer"), registry.url, join(work, "store"));
    await consumer.install({
      ...Object.fromEntries(packed.map((pkg) => [pkg.name, pkg.version])),
      [TFJS_CORE]: installedVersion(TFJS_CORE),
      "@tensorflow/tfjs-backend-cpu": installedVersion("@tensorflow/tfjs-backend-cpu"),
      "@tensorflow/tfjs-backend-wasm": installedVersion("@tensorflow/tfjs-backend-wasm"),
      "@types/node": installedVersion("@types/node"),
    });
    // The root README's "Use it in your project" snippet, compiled with the consumer files below.
    writeFileSync(join(consumer.dir, "readme-snippet.ts"), readmeSnippet(join(root, "README.md")));
    // Node16 resolution, strict, emitting out/*.js that the flows below run.
    await runCommand(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: consumer.dir });
  }, 300_000);

  afterAll(async () => {
    await registry?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("packs every package at its release version, with internal ranges that admit the next minor", () => {
    expect(packed.map((pkg) => pkg.name)).toEqual(packages.map((pkg) => pkg.name));
    for (const pkg of packed) expect(pkg.version).toBe(versions.get(pkg.name));
    expect(internalRangeProblems(packed.map((pkg) => pkg.manifest))).toEqual([]);
  });

  it("ships dist/, README and LICENSE only: no `source` condition, maps that carry their sources", () => {
    for (const pkg of packed) expect({ [pkg.name]: shippedFileProblems(pkg.files) }).toEqual({ [pkg.name]: [] });
  });

  it("publint and are-the-types-wrong find nothing in any tarball", async () => {
    const results = await Promise.all(
      packed.map(async (pkg) => ({
        [pkg.name]: [
          ...(await publintProblems(readFileSync(pkg.tarball), pkg.files)),
          ...(await attwProblems(pkg.tarball, work)),
        ],
      })),
    );
    expect(results).toEqual(packed.map((pkg) => ({ [pkg.name]: [] })));
  });

  it("imports each package (every export subpath) alone in a fresh Node ESM process, also with --conditions=source", async () => {
    const runs = packed.flatMap((pkg) => {
      const subpaths = new Set([
        ...Object.keys((pkg.manifest.exports ?? {}) as Record<string, unknown>),
        "./package.json",
      ]);
      const specifiers = [...subpaths].map((subpath) =>
        subpath === "." ? pkg.name : `${pkg.name}${subpath.slice(1)}`,
      );
      // Module entries are imported; "./package.json" is required, as tools read it.
      const probe = [
        'import { createRequire } from "node:module";',
        "const counts = {};",
        `for (const s of ${JSON.stringify(specifiers)}) {`,
        '  counts[s] = s.endsWith(".json") ? Object.keys(createRequire(import.meta.url)(s)).length',
        "    : Object.keys(await import(s)).length;",
        "}",
        "console.log(JSON.stringify(counts));",
      ].join("\n");
      return [[], ["--conditions=source"]].map(async (conditions) => {
        const { stdout } = await runCommand(process.execPath, [...conditions, "--input-type=module", "-e", probe], {
          cwd: consumer.dir,
        });
        const counts = JSON.parse(stdout) as Record<string, number>;
        return { conditions, empty: specifiers.filter((s) => !((counts[s] ?? 0) > 0)) };
      });
    });
    for (const run of await Promise.all(runs)) expect(run.empty).toEqual([]);
  });

  it("compiles one strict consumer file per package with node16 and bundler resolution", async () => {
    await runCommand(process.execPath, [tsc, "-p", "tsconfig.bundler.json"], { cwd: consumer.dir });
    const attention = await consumer.runNode<{ kernels: string[]; selfAttentionIsClass: boolean; errorCode: string }>(
      "out/attention.js",
    );
    expect(attention).toEqual({ kernels: [...KERNEL_NAMES], selfAttentionIsClass: true, errorCode: "INVALID_PARAMS" });
    const encoder = await consumer.runNode<{ config: unknown; badConfigCode: string }>("out/encoder.js", [tinyMlm()]);
    const configJson = JSON.parse(readFileSync(join(tinyMlm(), "config.json"), "utf8")) as Record<string, unknown>;
    expect(encoder.config).toEqual(JSON.parse(JSON.stringify(parseLongformerConfig(configJson))));
    expect(encoder.badConfigCode).toMatch(/^[A-Z_]+$/);
    const simd = await consumer.runNode<{ gelu: number[]; wrongOutCode: string }>("out/simd.js");
    expect(simd.gelu).toHaveLength(5);
    expect(simd.gelu).toEqual(Array.from(geluErfSimd(Float32Array.from([-3, -1, 0, 0.5, 2])) ?? []));
    expect(simd.wrongOutCode).toBe("SIZE_MISMATCH");
  });

  it("tokenizer only: encodes a document exactly like the workspace tokenizer", async () => {
    const dir = tokenizerFixtureDir();
    const run = await consumer.runNode<{
      inputIds: number[];
      globalAttentionMask: number[];
      missingIsTokenizerError: boolean;
    }>("out/tokenizer.js", [dir, DOCUMENT]);
    const expected = await (await LongformerTokenizer.fromPretrained(dir)).encodeDocument(DOCUMENT, {
      maxSentenceLength: 16,
    });
    expect(run.inputIds).toEqual(Array.from(expected.inputIds));
    expect(run.globalAttentionMask).toEqual(Array.from(expected.globalAttentionMask));
    expect(run.missingIsTokenizerError).toBe(true);
  });

  it("convert only: converts the tiny-mlm safetensors checkpoint to TF.js and loads every tensor back", async () => {
    const run = await consumer.runNode<{
      tensors: number;
      format: string;
      weights: { name: string; dtype: string; shape: number[]; sum: number }[];
    }>("out/convert.js", [tinyMlm(), join(work, "tiny-mlm-tfjs")]);
    const source = await loadWeights(tinyMlm());
    expect(run.format).toBe("tfjs");
    expect(run.weights.map((w) => w.name).sort()).toEqual([...source.weights.keys()].sort());
    for (const weight of run.weights) {
      const original = source.weights.get(weight.name)!;
      expect({ name: weight.name, dtype: weight.dtype, shape: weight.shape }).toEqual({
        name: weight.name,
        dtype: original.dtype,
        shape: original.shape,
      });
      let sum = 0;
      for (const value of original.data) sum += value;
      expect(weight.sum).toBeCloseTo(sum, 6);
    }
    // The workspace's convert agrees on what a conversion holds.
    const summary = await convert(tinyMlm(), join(work, "tiny-mlm-tfjs-workspace"));
    expect(run.tensors).toBe(summary.tensors);
  });

  async function expectHeadsFlow(): Promise<void> {
    const run = await consumer.runNode<HeadsRun>("out/heads.js", [tinyMlm(), FILL_MASK_TEXT]);
    const fill = await createPipeline("fill-mask", tinyMlm(), { backend: "cpu" });
    const { masks } = await fill.fillMask(FILL_MASK_TEXT, { topK: 3 });
    fill.dispose();
    expect(run.predictions.map((p) => p.map((x) => x.token))).toEqual(
      masks.map((mask) => mask.predictions.map((x) => x.token)),
    );
    run.predictions.flat().forEach((prediction, i) => {
      expect(prediction.score).toBeCloseTo(masks.flatMap((mask) => mask.predictions)[i]!.score, 5);
    });
    expect(run.errorCode).toBe("DISPOSED");
    expect(run.errorIsEncoderLongformerError).toBe(true);
  }

  it("heads: a fill-mask pipeline on tiny-mlm (cpu) matches the workspace; heads' errors are the encoder's", async () => {
    await expectHeadsFlow();
  });

  it("the root README's snippet runs as written (wasm) and predicts what the workspace predicts", async () => {
    const { stdout } = await runCommand(process.execPath, ["out/readme-snippet.js"], {
      cwd: consumer.dir,
      env: { ...process.env, MODEL_DIR: tinyMlm() },
    });
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    const fill = await createPipeline("fill-mask", tinyMlm(), { backend: "cpu" });
    const { masks } = await fill.fillMask("The keeper climbed the [MASK] every night.", { topK: 3 });
    fill.dispose();
    const expected = masks[0]!.predictions;
    lines.forEach((line, i) => {
      const [token, tokenStr, score] = line.split(" ");
      expect({ token: Number(token), tokenStr }).toEqual({
        token: expected[i]!.token,
        tokenStr: expected[i]!.tokenStr,
      });
      expect(Number(score)).toBeCloseTo(expected[i]!.score, 4);
    });
  });

  it("installs exactly one copy of @tensorflow/tfjs-core and of every package", () => {
    const copies = installedCopies(consumer.dir);
    for (const name of [TFJS_CORE, ...packed.map((pkg) => pkg.name)]) {
      expect({ name, versions: copiesOf(copies, name).map((copy) => copy.version) }).toEqual({
        name,
        versions: [name === TFJS_CORE ? installedVersion(TFJS_CORE) : versions.get(name)],
      });
    }
  });

  it("upgrading encoder alone to its next minor keeps one copy of everything, and heads still works", async () => {
    const encoder = "@longformer-ts/encoder";
    const next = semver.inc(versions.get(encoder)!, "minor")!;
    const upgraded = await stageAndPack(
      packages,
      new Map([...versions, [encoder, next]]),
      privateWorkspaceDirs(),
      join(work, "stage-upgrade"),
      join(work, "tarballs-upgrade"),
      [encoder],
    );
    const [upgradedEncoder] = upgraded;
    expect(upgradedEncoder?.version).toBe(next);
    registry!.publish(upgradedEncoder!.tarball, upgradedEncoder!.manifest);
    const dependencies = (JSON.parse(readFileSync(join(consumer.dir, "package.json"), "utf8")) as PackageManifest)
      .dependencies!;
    await consumer.install({ ...dependencies, [encoder]: next });

    const copies = installedCopies(consumer.dir);
    for (const name of [TFJS_CORE, ...packed.map((pkg) => pkg.name)]) {
      const expected = name === encoder ? next : name === TFJS_CORE ? installedVersion(TFJS_CORE) : versions.get(name);
      expect({ name, versions: copiesOf(copies, name).map((copy) => copy.version) }).toEqual({
        name,
        versions: [expected],
      });
    }
    await expectHeadsFlow();
  });
});
