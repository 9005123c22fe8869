/**
 * Run by `src/models/no-backend.test.ts` in a child process (tsx, `--conditions=source`) where no tfjs backend is
 * registered: prints one JSON line with what each loader threw.
 */
import { createPipeline, LongformerForMaskedLM, loadModel } from "../index.js";

const [dir] = process.argv.slice(2) as [string];

async function outcome(load: () => Promise<{ dispose(): void }>): Promise<unknown> {
  try {
    (await load()).dispose();
    return "loaded";
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string };
    return { name: e.name, code: e.code, message: e.message ?? String(error) };
  }
}

const results = {
  createPipeline: await outcome(() => createPipeline("fill-mask", dir)),
  loadModel: await outcome(() => loadModel(dir)),
  fromPretrained: await outcome(() => LongformerForMaskedLM.fromPretrained(dir)),
};
process.stdout.write(`${JSON.stringify(results)}\n`);
