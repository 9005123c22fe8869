import { createReadStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/**
 * Serves the files under `root` for request paths starting with `prefix` (e.g. `/model/`); returns false
 * when the path is not under the prefix so the caller can try something else. Never serves outside
 * `root`. Used by the Vite plugin (`LONGFORMER_WEB_MODEL`) and by the end-to-end test's server.
 */
export function serveDirectory(root: string, prefix: string, req: IncomingMessage, res: ServerResponse): boolean {
  const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
  if (!pathname.startsWith(prefix)) return false;
  const relative = pathname.slice(prefix.length) || "index.html";
  const file = normalize(join(root, relative));
  if (!file.startsWith(normalize(root) + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${pathname}`);
    return true;
  }
  res.writeHead(200, {
    "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
    "content-length": statSync(file).size,
    "cache-control": "no-cache",
  });
  createReadStream(file).pipe(res);
  return true;
}
