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
  devDependencies?: Record<string, string>;
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
 * Every package instance reachable from projects' dependencies (and, with `includeDev`, their
 * devDependencies), resolved the way Node does from each package's own directory, whatever the
 * node_modules layout. Orphans left in pnpm's virtual store are not counted: only what code can load.
 */
export function installedCopies(projectDirs: string | readonly string[], includeDev = false): InstalledCopy[] {
  const seen = new Map<string, InstalledCopy>();
  const queue: Array<[string, string]> = [];
  for (const projectDir of typeof projectDirs === "string" ? [projectDirs] : projectDirs) {
    const root = JSON.parse(readFileSync(join(projectDir, "package.json"), "utf8")) as Manifest;
    const names = { ...root.dependencies, ...root.optionalDependencies, ...(includeDev ? root.devDependencies : {}) };
    for (const name of Object.keys(names)) queue.push([name, projectDir]);
  }
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

/** name -> version -> directory, e.g. for the local registry to serve what the workspace installed. */
export function indexByVersion(copies: readonly InstalledCopy[]): Map<string, Map<string, string>> {
  const index = new Map<string, Map<string, string>>();
  for (const copy of copies) {
    const versions = index.get(copy.name) ?? new Map<string, string>();
    if (!versions.has(copy.version)) versions.set(copy.version, copy.dir);
    index.set(copy.name, versions);
  }
  return index;
}
