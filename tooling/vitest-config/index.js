// Shared vitest config. Workspace packages expose a "source" export condition pointing at
// src/index.ts, so tests run against sources without a build step and never see stale dist/.
import { defineConfig } from "vitest/config";

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
