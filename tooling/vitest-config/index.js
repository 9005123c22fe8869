// Shared vitest config. Workspace packages expose a "source" export condition pointing at
// src/index.ts, so tests run against sources without a build step and never see stale dist/.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * A setup file (for `test.setupFiles`) that runs each test file with TMPDIR pointing at a fresh folder and fails
 * the file if anything is left in it: tests that touch the file system clean up after themselves.
 */
export const tempGuardSetup = fileURLToPath(new URL("./temp-guard.setup.js", import.meta.url));

const conditions = ["source", "module", "node", "import", "default"];

/** @param {import("vitest/config").UserConfig} [overrides] */
export function longformerVitestConfig(overrides = {}) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ["source"] } },
    ...overrides,
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      pool: "forks",
      ...(overrides.test ?? {}),
    },
  });
}
