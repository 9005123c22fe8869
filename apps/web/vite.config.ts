import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { defaultClientConditions, defineConfig, type Plugin } from "vite";
import { serveDirectory } from "./src/node/static-files.js";

/**
 * `LONGFORMER_WEB_MODEL=<converted model dir>` serves that directory at `/model/` (the page's default
 * model URL) from `vite` and `vite preview`, so no files need copying into the app.
 */
function serveModelDir(): Plugin {
  // Relative to where the command was typed (`pnpm --filter ... dev` runs in this folder; INIT_CWD is the caller's).
  const given = process.env.LONGFORMER_WEB_MODEL;
  const dir = given ? resolve(process.env.INIT_CWD ?? process.cwd(), given) : undefined;
  if (dir && !existsSync(join(dir, "model.json"))) {
    throw new Error(`LONGFORMER_WEB_MODEL=${dir} is not a converted model directory (no model.json); see the README`);
  }
  const middleware = (
    req: Parameters<typeof serveDirectory>[2],
    res: Parameters<typeof serveDirectory>[3],
    next: () => void,
  ) => {
    if (!dir || !serveDirectory(dir, "/model/", req, res)) next();
  };
  return {
    name: "longformer-serve-model-dir",
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

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
