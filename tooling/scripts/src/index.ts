export { ensureSystemPackages, missingPackages, SystemPackagesMissingError } from "./ensure-system-packages.js";
export { findExecutable } from "./find-executable.js";
export { withAbsoluteFixtures } from "./fixtures-env.js";
export { SYSTEM_PACKAGES, type SystemPackage } from "./system-packages.js";
