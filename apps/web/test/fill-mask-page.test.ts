import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "@tensorflow/tfjs-backend-wasm";
import { convert } from "@longformer-ts/convert/node"; // the Node entry: this tsconfig resolves the browser one
import { FillMaskPipeline, type MaskPrediction } from "@longformer-ts/heads";
import { expectArraysClose, longformerFixturesDir } from "@longformer-ts/test-helpers";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPage } from "./build-page.test-util.js";
import { type HeadlessChromium, launchChromium } from "./chromium.test-util.js";
import { type PageServer, startPageServer } from "./page-server.test-util.js";

/**
 * Browser vs Node on the same weights: same ids in the same order, probabilities this close. Measured
 * differences on the tiny model are about 1e-8 on both backends (probabilities are about 5e-3).
 */
const SCORE_ATOL = { wasm: 1e-6, webgl: 1e-6 } as const;
const TOP_K = 5;
const SENTENCES = [
  "The lighthouse keeper climbed the <mask> every evening.",
  "Hello I'm a <mask> model. The [MASK] stands by the river.",
];

interface PageRow {
  position: number;
  ids: number[];
  scores: number[];
}

async function fillOnPage(page: Page, text: string): Promise<PageRow[]> {
  await page.fill("#text", text);
  await page.fill("#top-k", String(TOP_K));
  await page.click("#fill");
  await page.waitForSelector("#results[data-state=done], #results[data-state=error]");
  expect(await page.getAttribute("#results", "data-state"), (await page.textContent("#results")) ?? "").toBe("done");
  return page.$$eval("#results table", (tables) =>
    tables.map((table) => {
      const rows = [...table.querySelectorAll<HTMLTableRowElement>("tr.prediction")];
      return {
        position: Number((table as HTMLElement).dataset.maskPosition),
        ids: rows.map((r) => Number(r.dataset.tokenId)),
        scores: rows.map((r) => Number(r.dataset.score)),
      };
    }),
  );
}

/** The Node result is a meaningful reference only if no two of its top candidates are closer than the tolerance. */
function expectUnambiguous(masks: MaskPrediction[], atol: number): void {
  for (const mask of masks) {
    const scores = mask.predictions.map((p) => p.score);
    for (let i = 1; i < scores.length; i++) expect(scores[i - 1]! - scores[i]!).toBeGreaterThan(2 * atol);
  }
}

describe("the fill-mask page in headless Chromium", () => {
  let modelDir: string;
  let server: PageServer;
  let chromium: HeadlessChromium;
  let reference: FillMaskPipeline;
  // Every temp directory of this suite, removed at the end (each run used to leave ~9 MB in /tmp).
  const temps: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    temps.push(dir);
    return dir;
  };

  beforeAll(async () => {
    modelDir = join(tempDir("longformer-web-model-"), "tiny-mlm");
    await convert(join(longformerFixturesDir(), "models", "tiny-mlm"), modelDir);
    const site = await buildPage();
    temps.push(site);
    server = await startPageServer(site, modelDir);
    chromium = await launchChromium();
    reference = await FillMaskPipeline.fromPretrained(modelDir, { backend: "wasm" });
  });

  afterAll(async () => {
    reference?.dispose();
    await chromium?.close();
    await server?.close();
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  async function openPage(query: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    const page = await chromium.context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}${query}`);
    await page.waitForSelector("#status[data-state=ready], #status[data-state=error]", { timeout: 60_000 });
    return { page, requests, errors };
  }

  for (const backend of ["wasm", "webgl"] as const) {
    it(`predicts what Node predicts for the same model (${backend})`, async () => {
      const { page, requests, errors } = await openPage(`?backend=${backend}`);
      try {
        const status = (await page.textContent("#status")) ?? "";
        expect(status).toMatch(new RegExp(`^Model loaded in \\d+ ms \\(backend: ${backend}\\)\\.$`));
        // On wasm the attention's SIMD module works in tfjs-wasm's heap in the browser too; webgl reads back.
        expect(await page.getAttribute("#status", "data-attention")).toBe(backend === "wasm" ? "simd-in-heap" : "simd");
        for (const text of SENTENCES) {
          const expected = (await reference.fillMask(text, { topK: TOP_K })).masks;
          expectUnambiguous(expected, SCORE_ATOL[backend]);
          const actual = await fillOnPage(page, text);
          expect(actual.map((m) => m.position)).toEqual(expected.map((m) => m.position));
          actual.forEach((mask, i) => {
            const want = expected[i]!.predictions;
            expect(mask.ids, `${backend}: ids at mask ${i} of "${text}"`).toEqual(want.map((p) => p.token));
            expectArraysClose(
              { shape: [mask.scores.length], data: mask.scores },
              { shape: [want.length], data: want.map((p) => p.score) },
              SCORE_ATOL[backend],
              `${backend}: scores at mask ${i} of "${text}"`,
            );
          });
          expect(await page.textContent("#timing")).toMatch(/^Inference \d+ ms · model load \d+ ms · backend /);
        }
        // Everything, the wasm binaries included, came from the page's own server.
        expect(requests.filter((url) => !url.startsWith(server.url) && !url.startsWith("data:"))).toEqual([]);
        if (backend === "wasm")
          expect(requests.some((url) => /\/assets\/tfjs-backend-wasm.*\.wasm$/.test(url))).toBe(true);
        expect(errors).toEqual([]);

        const shot = join(
          process.env.LONGFORMER_SCREENSHOT_DIR ?? tempDir("longformer-web-shot-"),
          `fill-mask-${backend}.png`,
        );
        await page.screenshot({ path: shot, fullPage: true });
        expect(readFileSync(shot).subarray(1, 4).toString("latin1")).toBe("PNG");
      } finally {
        await page.close();
      }
    });
  }

  it("picks a backend by itself and says which", async () => {
    const { page } = await openPage("");
    try {
      expect(await page.getAttribute("#status", "data-backend")).toMatch(/^(webgl|wasm)$/);
    } finally {
      await page.close();
    }
  });

  it("explains a text without a mask and a model that is not there", async () => {
    const { page } = await openPage("?backend=wasm");
    try {
      await page.fill("#text", "nothing to predict here");
      await page.click("#fill");
      await page.waitForSelector("#results[data-state=error]");
      expect(await page.textContent("#results")).toMatch(/^fillMask: the text has no mask; write \[MASK\]/);
    } finally {
      await page.close();
    }
    const missing = await openPage("?backend=wasm&model=./missing/");
    try {
      expect(await missing.page.getAttribute("#status", "data-state")).toBe("error");
      expect(await missing.page.textContent("#status")).toMatch(
        /^Could not load the model: \[MODEL_NOT_FOUND\] no converted model at .*\/missing\/: .*\/missing\/model\.json answered 404\. Point the page at a converted model: .*LONGFORMER_WEB_MODEL=/,
      );
    } finally {
      await missing.page.close();
    }
  });

  it("says how to point the page at a model when the server answers with index.html (a dev server without a model)", async () => {
    const { page } = await openPage("?backend=wasm&model=./html-fallback/");
    try {
      expect(await page.getAttribute("#status", "data-state")).toBe("error");
      const status = (await page.textContent("#status")) ?? "";
      expect(status).toMatch(
        /^Could not load the model: \[MODEL_NOT_FOUND\] no converted model at .*\/html-fallback\/: .*model\.json answered with an HTML page/,
      );
      expect(status).toContain("?model=<URL of a converted model directory>");
      expect(status).not.toContain("Unexpected token");
    } finally {
      await page.close();
    }
  });

  it("refuses an unknown ?backend= instead of ignoring it", async () => {
    const { page } = await openPage("?backend=foo");
    try {
      expect(await page.getAttribute("#status", "data-state")).toBe("error");
      expect(await page.textContent("#status")).toMatch(
        /^Could not read the page address: \[UNKNOWN_BACKEND\] \?backend=foo is not a backend of this page: use \?backend=webgl or \?backend=wasm/,
      );
    } finally {
      await page.close();
    }
  });
});
