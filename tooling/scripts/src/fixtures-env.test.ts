import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "@longformer-ts/test-helpers";
import { describe, expect, it } from "vitest";
import { withAbsoluteFixtures } from "./fixtures-env.js";

const WRAPPER = join(repoRoot(), "tooling", "scripts", "src", "bin", "with-fixtures-env.ts");
const TSX = join(repoRoot(), "node_modules", ".bin", "tsx");

describe("withAbsoluteFixtures", () => {
  it("makes a relative LONGFORMER_FIXTURES absolute against INIT_CWD (where the command was typed)", () => {
    expect(
      withAbsoluteFixtures({ LONGFORMER_FIXTURES: "../fx", INIT_CWD: "/home/u/repo/apps" }).LONGFORMER_FIXTURES,
    ).toBe("/home/u/repo/fx");
  });

  it("leaves an absolute value, and an unset one, alone", () => {
    expect(withAbsoluteFixtures({ LONGFORMER_FIXTURES: "/data/fx", INIT_CWD: "/x" }).LONGFORMER_FIXTURES).toBe(
      "/data/fx",
    );
    expect("LONGFORMER_FIXTURES" in withAbsoluteFixtures({ INIT_CWD: "/x" })).toBe(false);
  });

  it("the wrapper the root scripts use hands the absolute value to the command, and its exit code back", () => {
    const print = ["-e", "console.log(process.env.LONGFORMER_FIXTURES); process.exit(7)"];
    const result = spawnSync(TSX, [WRAPPER, process.execPath, ...print], {
      encoding: "utf8",
      env: { ...process.env, LONGFORMER_FIXTURES: "my/fx", INIT_CWD: "/typed/here" },
    });
    expect(result.stdout.trim()).toBe("/typed/here/my/fx");
    expect(result.status).toBe(7);
  });
});
