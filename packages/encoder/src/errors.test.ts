import { describe, expect, it } from "vitest";
import {
  BackendError,
  ConfigError,
  InputError,
  LongformerError,
  type LongformerErrorCode,
  WeightsError,
} from "./errors.js";

describe("error codes", () => {
  it("are typed per class, so a misspelt code does not compile", () => {
    // @ts-expect-error: not an InputError code
    const misspelt = new InputError("INVALID_INPTU", "x");
    // @ts-expect-error: a weights code is not a config code
    const wrongClass = new ConfigError("MISSING_WEIGHT", "x");
    expect([misspelt.code, wrongClass.code]).toEqual(["INVALID_INPTU", "MISSING_WEIGHT"]);
  });

  it("narrow to the union on the base class", () => {
    const errors: LongformerError[] = [
      new ConfigError("NOT_LONGFORMER", "a"),
      new InputError("RAGGED_INPUT", "b"),
      new WeightsError("MISSING_WEIGHT", "c"),
      new BackendError("NO_BACKEND", "d"),
      new LongformerError("UNKNOWN_KERNEL", "e"),
    ];
    const codes: LongformerErrorCode[] = errors.map((e) => e.code);
    expect(codes).toEqual(["NOT_LONGFORMER", "RAGGED_INPUT", "MISSING_WEIGHT", "NO_BACKEND", "UNKNOWN_KERNEL"]);
    expect(errors.every((e) => e instanceof LongformerError && e instanceof Error)).toBe(true);
  });
});
