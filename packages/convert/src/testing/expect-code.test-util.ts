import { expect } from "vitest";
import { ConvertError, type ConvertErrorCode } from "../errors.js";

/** Runs `run`, expects it to reject with a `ConvertError` of `code` (and a message matching `message`); returns it. */
export async function expectCode(
  run: () => Promise<unknown>,
  code: ConvertErrorCode,
  message?: RegExp,
): Promise<ConvertError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "expected a ConvertError").toBeInstanceOf(ConvertError);
  expect((error as ConvertError).code).toBe(code);
  if (message) expect((error as ConvertError).message).toMatch(message);
  return error as ConvertError;
}
