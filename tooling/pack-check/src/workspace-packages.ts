import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import getReleasePlan from "@changesets/get-release-plan";
import type { PackageManifest } from "./manifest.js";

/** A package of the workspace's `packages/` folder, the ones published to npm. */
export interface PublishedPackage {
  name: string;
  dir: string;
  manifest: PackageManifest;
}

export function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageManifest;
}

/** Every non-private package under `<root>/packages`. */
export function publishedPackages(root: string): PublishedPackage[] {
  const packagesDir = join(root, "packages");
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, "package.json")))
    .map((entry) => {
      const dir = join(packagesDir, entry.name);
      const manifest = readManifest(dir);
      return { name: manifest.name, dir, manifest };
    })
    .filter((pkg) => pkg.manifest.private !== true)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The version each package will be published as: the pending changesets' release plan (what
 * `changeset version` would write), else the version in package.json. Packing at these versions
 * tests the ranges users will actually get, not the pre-release 0.1.0 placeholders.
 */
export async function releaseVersions(root: string, packages: PublishedPackage[]): Promise<Map<string, string>> {
  const plan = await getReleasePlan(root);
  const planned = new Map(plan.releases.map((release) => [release.name, release.newVersion]));
  return new Map(packages.map((pkg) => [pkg.name, planned.get(pkg.name) ?? pkg.manifest.version]));
}
