import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/**
 * Each test file runs with TMPDIR pointing at a fresh folder that must be empty again when the file is
 * done: a test that leaves its temp directories behind fails (they used to pile up in /tmp on every run).
 * Set when this setup file is imported, before the test file is (which may make temp dirs while it is
 * collected); the check is registered before the file's own hooks, so it runs after them.
 */
const previous = process.env.TMPDIR;
const root = mkdtempSync(join(tmpdir(), "longformer-test-"));
process.env.TMPDIR = root;

afterAll(() => {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  // tsx keeps one compile cache per user (`tsx-<uid>`) in TMPDIR for the subprocess tests: a cache, not a leftover.
  const left = readdirSync(root).filter(/** @param {string} name */ (name) => !/^tsx-\d+$/.test(name));
  rmSync(root, { recursive: true, force: true });
  if (left.length > 0) throw new Error(`this test file left temp files behind: ${left.join(", ")}`);
});
