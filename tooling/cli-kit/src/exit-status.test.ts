import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { AppError } from "./app-error.js";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseFailureStatus, reportFailure } from "./exit-status.js";

const USAGE = new Set(["USAGE", "WRONG_HEAD"]);

function report(e: unknown, env: NodeJS.ProcessEnv = {}): { status: number; lines: string[] } {
  const lines: string[] = [];
  const status = reportFailure(e, { log: (line) => lines.push(line), env, usageCodes: USAGE });
  return { status, lines };
}

describe("reportFailure", () => {
  it("exits 2 for a usage code and 1 for any other failure, naming the code", () => {
    expect(report(new AppError("WRONG_HEAD", "no head"))).toEqual({
      status: EXIT_USAGE,
      lines: ["error [WRONG_HEAD]: no head"],
    });
    expect(report(new AppError("MODEL_NOT_FOUND", "gone"))).toEqual({
      status: EXIT_FAILED,
      lines: ["error [MODEL_NOT_FOUND]: gone"],
    });
    expect(report(new Error("plain"))).toEqual({ status: EXIT_FAILED, lines: ["error [ERROR]: plain"] });
    expect(report("thrown string")).toEqual({ status: EXIT_FAILED, lines: ["error [ERROR]: thrown string"] });
  });

  it("adds the stack with LONGFORMER_DEBUG", () => {
    const { lines } = report(new AppError("USAGE", "bad"), { LONGFORMER_DEBUG: "1" });
    expect(lines[1]).toMatch(/^AppError: bad\n\s+at /);
  });
});

describe("parseFailureStatus", () => {
  const program = () =>
    new Command("x")
      .exitOverride()
      .configureOutput({ writeOut: () => {}, writeErr: () => {} })
      .option("--a");

  it("maps commander's own exits: --help is 0, an unknown option 2, anything else is not its business", () => {
    const statusOf = (argv: string[]) => {
      try {
        program().parse(argv, { from: "user" });
        return "parsed";
      } catch (e) {
        return parseFailureStatus(e);
      }
    };
    expect(statusOf(["--help"])).toBe(EXIT_OK);
    expect(statusOf(["--bogus"])).toBe(EXIT_USAGE);
    expect(statusOf(["--a"])).toBe("parsed");
    expect(parseFailureStatus(new Error("other"))).toBeUndefined();
  });
});
