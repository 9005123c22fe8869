/**
 * Run by `src/backend.test.ts` in a child process (tsx, `--conditions=source`): a process where no tfjs
 * backend is registered unless argv[3] names one to import first. Prints one JSON line: what each loader did.
 */
import { LongformerModel, parseLongformerConfig } from "../index.js";

const [dir, register] = process.argv.slice(2) as [string, string | undefined];
if (register === "cpu") await import("@tensorflow/tfjs-backend-cpu");

function outcome(error: unknown): { name: string; code?: string; message: string } {
  const e = error as { name?: string; code?: string; message?: string };
  return { name: e.name ?? typeof error, ...(e.code && { code: e.code }), message: e.message ?? String(error) };
}

const results: Record<string, unknown> = {};
try {
  const model = await LongformerModel.fromPretrained(dir);
  results.fromPretrained = "loaded";
  model.dispose();
} catch (error) {
  results.fromPretrained = outcome(error);
}
try {
  LongformerModel.fromWeights(parseLongformerConfig({ model_type: "longformer", attention_window: 4 }), new Map());
  results.fromWeights = "built";
} catch (error) {
  results.fromWeights = outcome(error);
}
process.stdout.write(`${JSON.stringify(results)}\n`);
