import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The JS file behind a devDependency's command (`tsc`, `attw`), to run with `node` on any platform. */
export function toolBin(packageName: string, command: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: string | Record<string, string> };
  const relative = typeof bin === "string" ? bin : bin[command];
  if (relative === undefined) throw new Error(`${packageName} has no "${command}" command`);
  return join(dirname(manifestPath), relative);
}

/** The version of a dependency as installed for this package (to pin the consumer to the same). */
export function installedVersion(packageName: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  return (JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string }).version;
}
