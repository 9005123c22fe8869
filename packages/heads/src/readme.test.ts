/** The README's snippets are copied as they are: every load must say which tfjs backend it runs on. */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const README = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "README.md");
const LOADER_CALL = /\b(?:createPipeline|loadModel|fromPretrained)\(([^;]*?)\);/g;

describe("README", () => {
  it("passes `backend` in every createPipeline / loadModel / fromPretrained call of its code blocks", () => {
    const code = [...readFileSync(README, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");
    const calls = [...code.matchAll(LOADER_CALL)].map((m) => m[0]);
    expect(calls.length).toBeGreaterThanOrEqual(5);
    expect(calls.filter((call) => !/\bbackend:/.test(call))).toEqual([]);
  });
});
