/**
 * Run by `src/node/native-fallback.test.ts` in a child process (tsx, `--conditions=source`), where the
 * native binding can be made to fail to load: imports the Node entry, loads the checkpoint twice, and
 * prints the encodings and what `backend: "native"` does as one JSON line on stdout.
 */
import { LongformerTokenizer, TokenizerError } from "../index.js";

const [dir, textsJson] = process.argv.slice(2) as [string, string];
const texts = JSON.parse(textsJson) as string[];
const first = await LongformerTokenizer.fromPretrained(dir);
const second = await LongformerTokenizer.fromPretrained(dir);
let nativeError: string | undefined;
try {
  await LongformerTokenizer.fromPretrained(dir, { backend: "native" });
} catch (e) {
  nativeError = e instanceof TokenizerError ? e.code : `untyped: ${String(e)}`;
}
const encodings = [];
for (const text of texts) encodings.push(await second.encode(text));
const documents = [];
for (const text of texts) documents.push((await first.encodeDocument(text, { grouping: "sentences" })).inputIds);
process.stdout.write(
  `${JSON.stringify({ backends: [first.backendName, second.backendName], nativeError, encodings, documents })}\n`,
);
