import type * as tf from "@tensorflow/tfjs-core";
import { AttentionError } from "./errors.js";
import type { AttentionMaskInfo } from "./mask.js";
import type { LinearParams, SelfAttentionConfig, SelfAttentionParams } from "./types.js";

const isPositiveInt = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n > 0;

export function checkConfig(config: SelfAttentionConfig): void {
  const { hiddenSize, numHeads, attentionWindow } = config;
  if (!isPositiveInt(hiddenSize))
    throw new AttentionError("INVALID_CONFIG", `hiddenSize must be a positive integer, got ${hiddenSize}`);
  if (!isPositiveInt(numHeads))
    throw new AttentionError("INVALID_CONFIG", `numHeads must be a positive integer, got ${numHeads}`);
  if (hiddenSize % numHeads !== 0) {
    throw new AttentionError("INVALID_CONFIG", `hiddenSize ${hiddenSize} is not a multiple of numHeads ${numHeads}`);
  }
  if (!isPositiveInt(attentionWindow) || attentionWindow % 2 !== 0) {
    throw new AttentionError(
      "INVALID_CONFIG",
      `attentionWindow must be a positive even integer (two-sided window), got ${attentionWindow}`,
    );
  }
}

const PROJECTIONS = ["query", "key", "value", "queryGlobal", "keyGlobal", "valueGlobal"] as const;

function checkLinear(name: string, p: LinearParams | undefined, hiddenSize: number): void {
  if (!p?.weight || !p.bias)
    throw new AttentionError("INVALID_PARAMS", `params.${name} needs a weight and a bias tensor`);
  const [out, inp] = p.weight.shape;
  if (p.weight.rank !== 2 || out !== hiddenSize || inp !== hiddenSize) {
    throw new AttentionError(
      "INVALID_PARAMS",
      `params.${name}.weight has shape [${p.weight.shape.join(", ")}], expected [${hiddenSize}, ${hiddenSize}] (out, in)`,
    );
  }
  if (p.bias.rank !== 1 || p.bias.shape[0] !== hiddenSize) {
    throw new AttentionError(
      "INVALID_PARAMS",
      `params.${name}.bias has shape [${p.bias.shape.join(", ")}], expected [${hiddenSize}]`,
    );
  }
  if (p.weight.dtype !== "float32" || p.bias.dtype !== "float32") {
    throw new AttentionError(
      "UNSUPPORTED_DTYPE",
      `params.${name} must be float32, got ${p.weight.dtype}/${p.bias.dtype}`,
    );
  }
}

export function checkParams(params: SelfAttentionParams, hiddenSize: number): void {
  for (const name of PROJECTIONS) checkLinear(name, params[name], hiddenSize);
}

export function checkHidden(hidden: tf.Tensor, hiddenSize: number): void {
  if (hidden.rank !== 3 || hidden.shape[2] !== hiddenSize) {
    throw new AttentionError(
      "SHAPE_MISMATCH",
      `hidden has shape [${hidden.shape.join(", ")}], expected (batch, seqLen, ${hiddenSize})`,
    );
  }
  if (hidden.dtype !== "float32")
    throw new AttentionError("UNSUPPORTED_DTYPE", `hidden must be float32, got ${hidden.dtype}`);
  if ((hidden.shape[1] ?? 0) < 1 || (hidden.shape[0] ?? 0) < 1) {
    throw new AttentionError("SHAPE_MISMATCH", `hidden has an empty axis: [${hidden.shape.join(", ")}]`);
  }
}

/** Cheap consistency checks, so a mask built for another batch never silently mixes rows. */
export function checkMaskInfo(mask: AttentionMaskInfo, batch: number, seqLen: number): void {
  if (mask.batch !== batch || mask.seqLen !== seqLen) {
    throw new AttentionError(
      "SHAPE_MISMATCH",
      `mask is for (batch ${mask.batch}, seqLen ${mask.seqLen}) but hidden is (batch ${batch}, seqLen ${seqLen})`,
    );
  }
  if (mask.merged.length !== batch * seqLen || mask.globalIndices.length !== batch) {
    throw new AttentionError("INVALID_MASK", "mask.merged / mask.globalIndices do not match mask.batch * mask.seqLen");
  }
  let most = 0;
  mask.globalIndices.forEach((row, b) => {
    most = Math.max(most, row.length);
    let count = 0;
    for (let i = 0; i < seqLen; i++) if (mask.merged[b * seqLen + i] === 2) count++;
    if (count !== row.length) {
      throw new AttentionError(
        "INVALID_MASK",
        `mask.globalIndices[${b}] lists ${row.length} positions but merged has ${count} global tokens in row ${b}`,
      );
    }
    let previous = -1;
    for (const pos of row) {
      if (!Number.isInteger(pos) || pos <= previous || pos >= seqLen || mask.merged[b * seqLen + pos] !== 2) {
        throw new AttentionError(
          "INVALID_MASK",
          `mask.globalIndices[${b}] must list the positions where merged == 2 in increasing order (bad entry ${pos})`,
        );
      }
      previous = pos;
    }
  });
  if (most !== mask.maxGlobal) {
    throw new AttentionError(
      "INVALID_MASK",
      `mask.maxGlobal is ${mask.maxGlobal} but the largest row has ${most} global tokens`,
    );
  }
}
