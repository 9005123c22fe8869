import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DEPENDENCY_FIELDS, type PackageManifest, PackCheckError } from "./manifest.js";
import { runCommand } from "./run-command.js";
import { packedManifest, readTarball } from "./tarball-contents.js";
import type { PublishedPackage } from "./workspace-packages.js";

/** A tarball `pnpm pack` made, with the manifest and files it holds. */
export interface PackedPackage {
  name: string;
  version: string;
  tarball: string;
  manifest: PackageManifest;
  /** Every file, keyed by its path inside the package. */
  files: Map<string, Buffer>;
}

/** What pnpm pack reads: the manifest, the docs and the `files` entries (never src/ or node_modules/). */
function copyPackFiles(pkg: PublishedPackage, to: string): void {
  mkdirSync(to, { recursive: true });
  const wanted = new Set(pkg.manifest.files ?? []);
  for (const entry of readdirSync(pkg.dir)) {
    if (wanted.has(entry) || /^(README|LICENSE|CHANGELOG)/i.test(entry)) {
      cpSync(join(pkg.dir, entry), join(to, entry), { recursive: true });
    }
  }
  for (const entry of wanted) {
    if (!existsSync(join(pkg.dir, entry))) {
      throw new PackCheckError(
        "NOT_BUILT",
        `${pkg.name}: "${entry}" (listed in files) does not exist; run \`pnpm --filter ${pkg.name} build\` first`,
      );
    }
  }
}

/**
 * Packs each package with `pnpm pack` as it would be published at `versions` (e.g. the pending release's
 * 1.0.0 while package.json still says 0.1.0). Each package is copied into `stageDir` with its version
 * rewritten, and its `workspace:` dependencies are linked to the staged copies, so pnpm itself turns
 * `workspace:^` into the published range and applies `publishConfig`. `only` limits which are packed
 * (the others are still staged, at their `versions`, for the ranges).
 */
export async function stageAndPack(
  packages: readonly PublishedPackage[],
  versions: ReadonlyMap<string, string>,
  workspaceDirs: ReadonlyMap<string, string>,
  stageDir: string,
  outDir: string,
  only: readonly string[] = packages.map((pkg) => pkg.name),
): Promise<PackedPackage[]> {
  mkdirSync(outDir, { recursive: true });
  const stagedDirs = new Map<string, string>();
  for (const pkg of packages) {
    const staged = join(stageDir, pkg.name.replace("/", "+"));
    copyPackFiles(pkg, staged);
    const version = versions.get(pkg.name) ?? pkg.manifest.version;
    writeFileSync(join(staged, "package.json"), `${JSON.stringify({ ...pkg.manifest, version }, null, 2)}\n`);
    stagedDirs.set(pkg.name, staged);
  }
  for (const pkg of packages) {
    const staged = stagedDirs.get(pkg.name)!;
    for (const field of DEPENDENCY_FIELDS) {
      for (const [dependency, spec] of Object.entries(pkg.manifest[field] ?? {})) {
        if (!spec.startsWith("workspace:")) continue;
        const target = stagedDirs.get(dependency) ?? workspaceDirs.get(dependency);
        if (target === undefined) {
          throw new PackCheckError("BAD_MANIFEST", `${pkg.name}: no workspace package ${dependency}`);
        }
        const link = join(staged, "node_modules", dependency);
        if (existsSync(link)) continue;
        mkdirSync(dirname(link), { recursive: true });
        symlinkSync(target, link, "dir");
      }
    }
  }
  return Promise.all(
    packages
      .filter((pkg) => only.includes(pkg.name))
      .map(async (pkg) => {
        const staged = stagedDirs.get(pkg.name)!;
        const { stdout } = await runCommand("pnpm", ["pack", "--json", "--pack-destination", outDir], { cwd: staged });
        const report = JSON.parse(stdout) as { filename?: string; name: string; version: string };
        const tarball = report.filename ?? "";
        if (!tarball.endsWith(".tgz") || !existsSync(tarball)) {
          throw new PackCheckError("PACK_FAILED", `pnpm pack of ${pkg.name} reported no tarball: ${stdout}`);
        }
        const files = readTarball(tarball);
        return { name: report.name, version: report.version, tarball, manifest: packedManifest(files), files };
      }),
  );
}
