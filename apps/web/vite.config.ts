import { defaultClientConditions, defineConfig } from "vite";
import { serveModelDir } from "./src/node/model-dir-plugin.js";

export default defineConfig({
  // Relative asset URLs: the built page works from any path (a sub-folder, a file server, GitHub pages).
  base: "./",
  // Workspace packages are bundled from their TypeScript sources (no build of the packages needed).
  resolve: { conditions: ["source", ...defaultClientConditions] },
  build: { target: "es2022", chunkSizeWarningLimit: 4096 },
  // The dev server serves workspace sources module by module; convert (its browser entry, picked by the
  // `browser` condition) uses the CommonJS `crc-32`, which the dev server needs pre-bundled, as the production
  // build does anyway.
  optimizeDeps: { include: ["@longformer-ts/convert"] },
  plugins: [serveModelDir()],
});
