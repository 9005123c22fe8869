import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type LoadedWeights, loadWeights, readSafetensors, type WeightMap } from "@longformer-ts/convert";
import { type GoldenFile, parseGoldenFile } from "./cases.js";

/** One `golden/<name>/` directory: its cases, expected tensors and the model directory they were made with. */
export interface GoldenSet {
  name: string;
  dir: string;
  file: GoldenFile;
  modelDir: string;
  expected: WeightMap;
}

/** Every `<fixtures>/golden/*\/cases.json`, sorted by directory name. */
export function discoverGoldenSets(fixturesDir: string): GoldenSet[] {
  const goldenDir = join(fixturesDir, "golden");
  if (!existsSync(goldenDir)) throw new Error(`no golden/ directory in ${fixturesDir}`);
  return readdirSync(goldenDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(goldenDir, e.name, "cases.json")))
    .map((e) => e.name)
    .sort()
    .map((name) => readGoldenSet(fixturesDir, join(goldenDir, name), name));
}

function readGoldenSet(fixturesDir: string, dir: string, name: string): GoldenSet {
  const casesPath = join(dir, "cases.json");
  const file = parseGoldenFile(casesPath, JSON.parse(readFileSync(casesPath, "utf8")));
  const { tensors } = readSafetensors(readFileSync(join(dir, file.outputs_file)));
  return { name, dir, file, modelDir: join(fixturesDir, file.model_dir), expected: tensors };
}

/** Loads each model directory once per run (through @longformer-ts/convert, whatever its format). */
export class WeightsCache {
  private readonly loaded = new Map<string, Promise<LoadedWeights>>();

  get(modelDir: string): Promise<LoadedWeights> {
    let entry = this.loaded.get(modelDir);
    if (!entry) {
      entry = loadWeights(modelDir);
      this.loaded.set(modelDir, entry);
    }
    return entry;
  }
}
