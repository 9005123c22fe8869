import { ConvertError } from "./errors.js";

/**
 * File names read from a manifest or an index (model.json `paths`, `weight_map` values) must stay inside
 * the directory they came with: a crafted manifest must not read `../../etc/passwd` or another host.
 */
export function assertSafeRelativePath(path: unknown, context: string): string {
  const ok =
    typeof path === "string" &&
    path.length > 0 &&
    path.length < 1024 &&
    !path.startsWith("/") &&
    !/[\\:\0?#%]/.test(path) &&
    path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
  if (!ok) {
    throw new ConvertError(
      "UNSAFE_PATH",
      `${context}: refusing file name ${JSON.stringify(path)} (must be a plain relative path)`,
    );
  }
  return path;
}
