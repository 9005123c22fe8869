import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkModelDirectory } from "./model-check.js";

const INDEX_HTML = "<!doctype html><html><body>the page</body></html>";

describe("checkModelDirectory", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    // /model/ holds a model; /spa/ answers everything with index.html (a dev server's fallback); the rest 404.
    server = createServer((req, res) => {
      const path = req.url ?? "/";
      if (path === "/model/model.json") res.writeHead(200, { "content-type": "application/json" }).end("{}");
      else if (path.startsWith("/spa/")) res.writeHead(200, { "content-type": "text/html" }).end(INDEX_HTML);
      else if (path.startsWith("/untyped/")) res.writeHead(200).end(`\n  ${INDEX_HTML}`);
      else res.writeHead(404).end("not found");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("accepts a directory with a model manifest", async () => {
    await expect(checkModelDirectory(`${base}/model/`)).resolves.toBeUndefined();
  });

  it("recognises a dev server's index.html answer and says how to point the page at a model", async () => {
    for (const dir of ["spa", "untyped"]) {
      const error = await checkModelDirectory(`${base}/${dir}/`).catch((e) => e);
      expect(error).toMatchObject({ code: "MODEL_NOT_FOUND" });
      expect(error.message).toContain(
        `no converted model at ${base}/${dir}/: ${base}/${dir}/model.json answered with an HTML page`,
      );
      expect(error.message).toContain("LONGFORMER_WEB_MODEL=<converted model directory>");
      expect(error.message).toContain("?model=<URL of a converted model directory>");
    }
  });

  it("names the status of a missing model, and an unreachable server", async () => {
    const missing = await checkModelDirectory(`${base}/nothing/`).catch((e) => e);
    expect(missing).toMatchObject({ code: "MODEL_NOT_FOUND" });
    expect(missing.message).toMatch(
      /^no converted model at .*\/nothing\/: .*\/nothing\/model\.json answered 404\. Point the page/,
    );
    const refused = await checkModelDirectory("http://127.0.0.1:1/model/").catch((e) => e);
    expect(refused).toMatchObject({ code: "MODEL_UNREACHABLE" });
  });
});
