import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Builds the page with the app's own vite.config.ts into a fresh temp directory; returns that directory. */
export async function buildPage(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "longformer-web-dist-"));
  await build({
    root: APP_DIR,
    configFile: join(APP_DIR, "vite.config.ts"),
    logLevel: "error",
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
