// Only when the pool runs from TypeScript sources (tests, benches with --conditions=source): a worker thread does not
// inherit the parent's tsx loader, and tsx given as `--import` in a worker's execArgv misses dynamic imports on
// Node 20, so this plain-JS entry registers tsx in the thread, then loads the real worker module.
import { register } from "tsx/esm/api";

register();
const { default: runJob } = await import("./pool-worker.ts");
export default runJob;
