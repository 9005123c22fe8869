import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serveDirectory } from "../src/node/static-files.js";

export interface PageServer {
  /** The page's URL (ends with `/`). */
  url: string;
  /** Request paths served so far (to check that nothing came from elsewhere). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves the built site at `/` and a converted model directory at `/model/`, on 127.0.0.1. Under
 * `/html-fallback/` every path answers with the site's index.html, as a dev server answers a missing file.
 */
export async function startPageServer(siteDir: string, modelDir: string): Promise<PageServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? "");
    if (req.url?.startsWith("/html-fallback/")) req.url = "/index.html";
    if (!serveDirectory(modelDir, "/model/", req, res)) serveDirectory(siteDir, "/", req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
