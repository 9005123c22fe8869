import { describe, expect, it } from "vitest";
import { compileSimdModule } from "../scripts/compile-wat.js";
import { simdInstance, simdInstanceOn } from "./module.js";
import { SIMD_WASM_BASE64 } from "./simd-wasm-bytes.js";

describe("SIMD module", () => {
  it("committed bytes are the compiled src/wat sources (run build:wasm after editing them)", async () => {
    const bytes = await compileSimdModule();
    expect(Buffer.from(bytes).toString("base64")).toBe(SIMD_WASM_BASE64);
  });

  it("instantiates on this engine (Node 20 has WebAssembly SIMD), once per memory", () => {
    const own = simdInstance();
    expect(own).not.toBeNull();
    expect(simdInstance()).toBe(own);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const other = simdInstanceOn(memory);
    expect(other).not.toBeNull();
    expect(other).not.toBe(own);
    expect(simdInstanceOn(memory)).toBe(other);
  });

  it("declines a shared memory (tfjs-wasm's threaded build) instead of throwing", () => {
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    expect(simdInstanceOn(shared)).toBeNull();
  });
});
