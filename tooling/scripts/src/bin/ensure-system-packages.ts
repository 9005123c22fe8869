#!/usr/bin/env -S npx tsx
// The root `pnpm test` runs this before anything else: a missing program fails the suite at once, with the
// command that installs it, instead of one test failing minutes later.
import { ensureSystemPackages, SystemPackagesMissingError } from "../ensure-system-packages.js";
import { SYSTEM_PACKAGES } from "../system-packages.js";

try {
  ensureSystemPackages(SYSTEM_PACKAGES);
} catch (error) {
  if (!(error instanceof SystemPackagesMissingError)) throw error;
  process.stderr.write(`${error.code}: ${error.message}\n`);
  process.exitCode = 1;
}
