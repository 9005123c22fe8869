/** The package.json fields the pack check reads. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: unknown;
  files?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  publishConfig?: Record<string, unknown>;
  [field: string]: unknown;
}

export const DEPENDENCY_FIELDS = [
  "dependencies",
  "peerDependencies",
  "optionalDependencies",
  "devDependencies",
] as const satisfies readonly (keyof PackageManifest)[];

/** Thrown when the workspace or a packed tarball is not in the shape the pack check needs. */
export class PackCheckError extends Error {
  constructor(
    readonly code: "NOT_BUILT" | "PACK_FAILED" | "INSTALL_FAILED" | "COMMAND_FAILED" | "BAD_MANIFEST",
    message: string,
  ) {
    super(message);
    this.name = "PackCheckError";
  }
}
