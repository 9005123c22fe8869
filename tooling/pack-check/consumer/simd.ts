// SIMD kernels only: the exact GELU on a few values through the package's own module (no tfjs backend needed).
import { geluErfSimd, SimdError } from "@longformer-ts/simd";

const values = Float32Array.from([-3, -1, 0, 0.5, 2]);
const wrongOut = (() => {
  try {
    geluErfSimd(values, new Float32Array(1));
    return undefined;
  } catch (error) {
    return error instanceof SimdError ? error.code : "not a SimdError";
  }
})();
console.log(JSON.stringify({ gelu: Array.from(geluErfSimd(values) ?? []), wrongOutCode: wrongOut }));
