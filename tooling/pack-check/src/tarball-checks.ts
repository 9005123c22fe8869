import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { runCommand } from "./run-command.js";
import { packedManifest } from "./tarball-contents.js";
import { toolBin } from "./tool-bin.js";

/** Problems in what a tarball ships: `source` conditions, sources, a missing LICENSE, maps without their sources. */
export function shippedFileProblems(files: ReadonlyMap<string, Buffer>): string[] {
  const manifest = packedManifest(files);
  const problems: string[] = [];
  if (JSON.stringify(manifest.exports ?? {}).includes('"source"')) problems.push("exports carry a `source` condition");
  if (manifest.publishConfig !== undefined) problems.push("publishConfig was not applied by pack");
  if (!files.has("LICENSE")) problems.push("no LICENSE");
  const engines = manifest.engines as { node?: string } | undefined;
  if (engines?.node === undefined) problems.push("no engines.node");
  const repository = manifest.repository as { url?: string; directory?: string } | undefined;
  if (repository?.url === undefined || repository.directory === undefined) {
    problems.push("no repository with url and directory");
  }
  for (const [path, bytes] of files) {
    if (path.startsWith("src/")) problems.push(`ships ${path}`);
    if (path.endsWith(".d.ts.map")) problems.push(`${path}: declaration map to unshipped sources`);
    if (path.endsWith(".js.map")) {
      const map = JSON.parse(bytes.toString("utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
      const embedded = map.sourcesContent?.filter((content) => typeof content === "string").length ?? 0;
      if (embedded !== map.sources.length) problems.push(`${path}: sources not embedded (sourcesContent)`);
    }
  }
  return problems;
}

/** publint on the packed tarball, warnings counted as errors; one formatted line per message. */
export async function publintProblems(tarball: Buffer, files: ReadonlyMap<string, Buffer>): Promise<string[]> {
  const data = tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) as ArrayBuffer;
  const { messages } = await publint({ pack: { tarball: data }, level: "warning", strict: true });
  const manifest = packedManifest(files);
  return messages.map((message) => `${message.code}: ${formatMessage(message, manifest, { color: false }) ?? ""}`);
}

/**
 * are-the-types-wrong on the tarball. Profile `esm-only`: the packages are ESM-only by design
 * (`"type": "module"`, `import` conditions only), so the node10 and CommonJS-`require` resolutions it
 * skips are not supported ways to load them; every other rule applies. `--no-definitely-typed` keeps it
 * from asking the npm registry for `@types` packages.
 */
export async function attwProblems(tarballPath: string, cwd: string): Promise<string[]> {
  try {
    await runCommand(
      process.execPath,
      [
        toolBin("@arethetypeswrong/cli", "attw"),
        tarballPath,
        "--profile",
        "esm-only",
        "--no-definitely-typed",
        "--no-color",
      ],
      { cwd },
    );
    return [];
  } catch (error) {
    return [String(error)];
  }
}
