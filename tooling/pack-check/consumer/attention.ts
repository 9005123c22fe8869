// Attention only: the kernel registry and error class are reachable from the package entry.
import { AttentionError, KERNEL_NAMES, LongformerSelfAttention } from "@longformer-ts/attention";

console.log(
  JSON.stringify({
    kernels: [...KERNEL_NAMES],
    selfAttentionIsClass: typeof LongformerSelfAttention === "function",
    errorCode: new AttentionError("INVALID_PARAMS", "probe").code,
  }),
);
