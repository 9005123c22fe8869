import type * as tf from "@tensorflow/tfjs-core";
import { AttentionError } from "./errors.js";
import type { AttentionKernel, KernelDims } from "./kernels/kernel.js";
import { type AttentionKernelName, KERNEL_FACTORIES, resolveKernelName } from "./kernels/registry.js";
import type { AttentionMaskInfo } from "./mask.js";
import type { SelfAttentionConfig, SelfAttentionOutput, SelfAttentionParams } from "./types.js";
import { checkConfig, checkHidden, checkMaskInfo, checkParams } from "./validate.js";

export interface SelfAttentionOptions {
  /** Which implementation runs; `auto` (default) picks the fastest measured one for the active backend. */
  kernel?: AttentionKernelName;
}

/**
 * HF's `LongformerSelfAttention` (`attention.self.*`): sliding-window attention with one-sided window
 * `w = attentionWindow / 2`, plus global attention for tokens whose merged mask is 2.
 */
export class LongformerSelfAttention {
  readonly config: SelfAttentionConfig;
  private readonly params: SelfAttentionParams;
  private readonly dims: KernelDims;
  private readonly requested: AttentionKernelName;
  private readonly kernels = new Map<string, AttentionKernel>();
  private disposed = false;

  constructor(params: SelfAttentionParams, config: SelfAttentionConfig, options: SelfAttentionOptions = {}) {
    checkConfig(config);
    checkParams(params, config.hiddenSize);
    this.config = { ...config };
    this.params = params;
    this.dims = {
      hiddenSize: config.hiddenSize,
      numHeads: config.numHeads,
      headDim: config.hiddenSize / config.numHeads,
      w: config.attentionWindow / 2,
    };
    this.requested = options.kernel ?? "auto";
    resolveKernelName(this.requested); // reject unknown names at construction
  }

  /** The concrete kernel `forward` runs (`auto` resolves to the fastest measured one, see `autoKernel`). */
  get kernelName(): string {
    return resolveKernelName(this.requested);
  }

  /**
   * hidden (B, L, hidden) -> context (B, L, hidden) before `attention.output.dense`. L is whatever the encoder
   * passes (any L >= 1). With `outputAttentions`, also HF's `attentions` (B, heads, L, G + 2w + 1) and, when
   * `mask.maxGlobal > 0`, `globalAttentions` (B, heads, L, G). The caller owns every returned tensor.
   */
  forward(
    hidden: tf.Tensor3D,
    mask: AttentionMaskInfo,
    options: { outputAttentions?: boolean } = {},
  ): SelfAttentionOutput {
    if (this.disposed) throw new AttentionError("DISPOSED", "LongformerSelfAttention.forward after dispose()");
    checkHidden(hidden, this.config.hiddenSize);
    checkMaskInfo(mask, hidden.shape[0], hidden.shape[1]);
    return this.kernel().run(hidden, mask, options.outputAttentions ?? false);
  }

  /** Frees tensors the kernels derived (fused weights); never the params passed to the constructor. */
  dispose(): void {
    for (const kernel of this.kernels.values()) kernel.dispose();
    this.kernels.clear();
    this.disposed = true;
  }

  private kernel(): AttentionKernel {
    const name = resolveKernelName(this.requested);
    let kernel = this.kernels.get(name);
    if (!kernel) {
      kernel = KERNEL_FACTORIES[name](this.params, this.dims);
      this.kernels.set(name, kernel);
    }
    return kernel;
  }
}
