import semver from "semver";
import type { PackageManifest } from "./manifest.js";

/** One internal dependency range that would force a second copy when its target moves on. */
export interface RangeProblem {
  dependent: string;
  dependency: string;
  range: string;
  /** The version the range should admit and does not. */
  refused: string;
}

const RUNTIME_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies"] as const;

/**
 * For published manifests, every range one of them declares on another must admit that package's
 * current version and its next minor: a caret on 0.x (`^0.1.0`) refuses 0.2.0, so upgrading one
 * package alone would install a second copy of it (and break `instanceof` across packages).
 */
export function internalRangeProblems(manifests: readonly PackageManifest[]): RangeProblem[] {
  const versions = new Map(manifests.map((m) => [m.name, m.version]));
  const problems: RangeProblem[] = [];
  for (const manifest of manifests) {
    for (const field of RUNTIME_FIELDS) {
      for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
        const current = versions.get(dependency);
        if (current === undefined) continue;
        const nextMinor = semver.inc(current, "minor");
        for (const wanted of [current, nextMinor]) {
          if (wanted !== null && !semver.satisfies(wanted, range)) {
            problems.push({ dependent: manifest.name, dependency, range, refused: wanted });
          }
        }
      }
    }
  }
  return problems;
}
