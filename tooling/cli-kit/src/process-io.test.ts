import { describe, expect, it } from "vitest";
import { cliArgv } from "./process-io.js";

describe("cliArgv", () => {
  it("drops node, the script and the `--` pnpm hands through, so options after it still count", () => {
    expect(cliArgv(["node", "cli.ts", "--", "--json", "a.txt"])).toEqual(["--json", "a.txt"]);
    expect(cliArgv(["node", "cli.ts", "--json", "--", "-x"])).toEqual(["--json", "--", "-x"]);
    expect(cliArgv(["node", "cli.ts"])).toEqual([]);
  });
});
