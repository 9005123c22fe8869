import { listSync } from "tar";
import type { PackageManifest } from "./manifest.js";

/** Every file of an npm tarball, keyed by its path without the leading `package/`. */
export function readTarball(tarball: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  listSync({
    file: tarball,
    onEntry: (entry) => {
      if (entry.type === "File") files.set(entry.path.replace(/^package\//, ""), Buffer.from(entry.bytes()));
    },
  });
  return files;
}

export function packedManifest(files: ReadonlyMap<string, Buffer>): PackageManifest {
  const text = files.get("package.json");
  if (text === undefined) throw new Error("tarball has no package/package.json");
  return JSON.parse(text.toString("utf8")) as PackageManifest;
}
