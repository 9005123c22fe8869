import { SimdError } from "../errors.js";

/**
 * Checks the counts and byte offsets of a call before the module sees them: WebAssembly would turn a NaN, a
 * fraction or a negative number into some other offset and write there, silently.
 */
export function checkOffsets(op: string, args: Record<string, number>): void {
  for (const [name, value] of Object.entries(args)) {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new SimdError("INVALID_ARGUMENT", `${op}: ${name} must be a non-negative integer, got ${value}`);
    }
  }
}

/** Checks that `value` is a multiple of `m` (the SIMD block the op works in). */
export function checkMultiple(op: string, name: string, value: number, m: number): void {
  if (value % m !== 0) {
    throw new SimdError("INVALID_ARGUMENT", `${op}: ${name} must be a multiple of ${m}, got ${value}`);
  }
}

/** Checks `value >= least` (a padded size against the size it pads). */
export function checkAtLeast(op: string, name: string, value: number, least: number, what: string): void {
  if (value < least) {
    throw new SimdError("INVALID_ARGUMENT", `${op}: ${name} must be at least ${what} (${least}), got ${value}`);
  }
}
