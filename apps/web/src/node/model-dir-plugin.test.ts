import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("the dev server started as the root README says (no LONGFORMER_WEB_MODEL)", () => {
  let server: ViteDevServer;
  let base = "";
  const saved = process.env.LONGFORMER_WEB_MODEL;
  beforeAll(async () => {
    delete process.env.LONGFORMER_WEB_MODEL;
    server = await createServer({
      root: APP_DIR,
      configFile: join(APP_DIR, "vite.config.ts"),
      logLevel: "silent",
      server: { host: "127.0.0.1", port: 0, strictPort: false },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    await server.listen();
    const address = server.httpServer?.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await server?.close();
    if (saved !== undefined) process.env.LONGFORMER_WEB_MODEL = saved;
  });

  it("answers /model/ files with a 404 that says how to serve a model, not with index.html", async () => {
    const response = await fetch(`${base}/model/tokenizer.json`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(
      /^no model is served at \/model\/: start the server with LONGFORMER_WEB_MODEL=/,
    );
  });

  it("still serves the page", async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<title>Longformer fill-mask in the browser</title>");
  });
});
