// Child process for the two-process hub test: `from-hub-child.test-util.ts <repoId> <cacheDir> <endpoint>`
// downloads the repo and prints the snapshot as JSON (or the error code and exits 1).
import { ConvertError } from "../errors.js";
import { fromHub } from "../hub/from-hub.js";

const [repoId, cacheDir, endpoint] = process.argv.slice(2) as [string, string, string];
try {
  const snap = await fromHub(repoId, { cacheDir, endpoint });
  process.stdout.write(JSON.stringify(snap));
} catch (e) {
  process.stdout.write(JSON.stringify({ error: e instanceof ConvertError ? e.code : String(e) }));
  process.exitCode = 1;
}
