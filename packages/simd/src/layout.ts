/** `n` rounded up to a multiple of `m`. */
export const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

/**
 * Byte offsets of consecutive float32 regions of the given lengths, each 16-byte aligned (one SIMD vector), and
 * `end` past the last: how a caller lays out its scratch in the module's memory.
 */
export function alignedLayout<K extends string>(sizes: Record<K, number>): Record<K, number> & { end: number } {
  let at = 0;
  const offsets = {} as Record<K, number> & { end: number };
  for (const [name, floats] of Object.entries(sizes) as Array<[K, number]>) {
    (offsets as Record<string, number>)[name] = at;
    at = roundUp(at + floats * 4, 16);
  }
  offsets.end = at;
  return offsets;
}
