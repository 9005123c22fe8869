import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";

/** One instance of a package Node would load: its real directory and version. */
export interface InstalledCopy {
  name: string;
  version: string;
  dir: string;
}

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Where Node resolves `name` from `fromDir`: the first `node_modules/<name>` up the tree, followed to its real path. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Every package instance reachable from a project's dependencies, resolved the way Node does from each
 * package's own directory. Orphans left in pnpm's virtual store are not counted: only what code can load.
 */
export function installedCopies(projectDir: string): InstalledCopy[] {
  const root = JSON.parse(readFileSync(join(projectDir, "package.json"), "utf8")) as Manifest;
  const seen = new Map<string, InstalledCopy>();
  const queue: Array<[string, string]> = Object.keys(root.dependencies ?? {}).map((name) => [name, projectDir]);
  while (queue.length > 0) {
    const [name, from] = queue.shift()!;
    const dir = resolvePackageDir(name, from);
    if (dir === undefined || seen.has(dir)) continue;
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
    seen.set(dir, { name: manifest.name, version: manifest.version, dir });
    const next = { ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies };
    for (const dependency of Object.keys(next)) queue.push([dependency, dir]);
  }
  return [...seen.values()];
}

/** The copies of one package, e.g. to assert there is exactly one. */
export function copiesOf(copies: readonly InstalledCopy[], name: string): InstalledCopy[] {
  return copies.filter((copy) => copy.name === name);
}
