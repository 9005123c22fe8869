import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, resolve } from "node:path";
import type { Plugin } from "vite";
import { serveDirectory } from "./static-files.js";

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * The `/model/` handler of the dev and preview servers: the files of `dir`, or, without a directory, a 404
 * that says how to give the page one. Without it the dev server would answer `/model/tokenizer.json` with
 * its index.html (its answer for any unknown path) and the page would fail on "Unexpected token '<'".
 */
export function modelDirMiddleware(dir: string | undefined): Middleware {
  return (req, res, next) => {
    if (dir) {
      if (!serveDirectory(dir, "/model/", req, res)) next();
      return;
    }
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (!pathname.startsWith("/model/")) {
      next();
      return;
    }
    res
      .writeHead(404, { "content-type": "text/plain; charset=utf-8" })
      .end(
        `no model is served at /model/: start the server with LONGFORMER_WEB_MODEL=<converted model directory>, or open the page with ?model=<URL of a converted model directory>\n`,
      );
  };
}

/**
 * `LONGFORMER_WEB_MODEL=<converted model dir>` serves that directory at `/model/` (the page's default
 * model URL) from `vite` and `vite preview`, so no files need copying into the app. A relative path is
 * taken from where the command was typed (`pnpm --filter ... dev` runs in the app's folder; INIT_CWD is
 * the caller's).
 */
export function serveModelDir(env: NodeJS.ProcessEnv = process.env): Plugin {
  const given = env.LONGFORMER_WEB_MODEL;
  const dir = given ? resolve(env.INIT_CWD ?? process.cwd(), given) : undefined;
  if (dir && !existsSync(join(dir, "model.json"))) {
    throw new Error(`LONGFORMER_WEB_MODEL=${dir} is not a converted model directory (no model.json); see the README`);
  }
  const middleware = modelDirMiddleware(dir);
  return {
    name: "longformer-serve-model-dir",
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}
