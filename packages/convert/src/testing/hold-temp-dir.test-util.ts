// Child process for the interruption test: starts writing an output directory, says "ready" with the temp
// dir's path, then waits to be killed. Run with tsx: `hold-temp-dir.test-util.ts <out>`.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeDirectoryAtomically } from "../convert/atomic-dir.js";

const out = process.argv[2] as string;
await writeDirectoryAtomically(out, false, async (temp) => {
  await writeFile(join(temp, "group1-shard1of1.bin"), new Uint8Array(1024));
  process.stdout.write(`ready ${temp}\n`);
  await new Promise((resolve) => setTimeout(resolve, 60_000));
});
