import { float16ToFloat32, type WeightMap, type WeightTensor } from "@longformer-ts/convert";
import * as tf from "@tensorflow/tfjs-core";
import { type WeightShapeMismatch, WeightsError } from "../errors.js";

/** One tensor a module needs: its checkpoint name and the shape the config implies. */
export interface WeightSpec {
  name: string;
  shape: number[];
}

export interface WeightCheckOptions {
  /**
   * Only names starting with `scope` count as unexpected when nothing asks for them (a head's
   * weights are not the encoder's business). Default: every name in the map.
   */
  scope?: string;
  /** Names that may be present without being asked for (e.g. HF's old `embeddings.position_ids` buffer). */
  ignore?: (name: string) => boolean;
}

const LISTED_NAMES = 60;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function listNames(label: string, names: readonly string[]): string {
  if (names.length === 0) return "";
  const shown = names.slice(0, LISTED_NAMES).join(", ");
  const more = names.length > LISTED_NAMES ? `, ... (${names.length - LISTED_NAMES} more in error.${label})` : "";
  return `\n  ${label} (${names.length}): ${shown}${more}`;
}

/**
 * Wraps a checkpoint's `WeightMap` (HF names): validates names and shapes, creates float32 tf tensors on
 * request and remembers which names were used. All problems of a check are reported in one `WeightsError`
 * listing the missing, unexpected and mis-shaped names and what the checkpoint holds.
 */
export class WeightReader {
  readonly weights: WeightMap;
  private readonly used = new Set<string>();

  constructor(weights: WeightMap) {
    this.weights = weights;
  }

  has(name: string): boolean {
    return this.weights.has(name);
  }

  shapeOf(name: string): number[] | undefined {
    return this.weights.get(name)?.shape;
  }

  /** Every name in the checkpoint, sorted. */
  names(): string[] {
    return [...this.weights.keys()].sort();
  }

  /**
   * Checks that every spec is present with its shape and, within `scope`, that nothing else is; throws one
   * `WeightsError` describing every problem. Call before `take` so a bad checkpoint fails before any tensor exists.
   */
  check(specs: readonly WeightSpec[], options: WeightCheckOptions = {}): void {
    const scope = options.scope ?? "";
    const wanted = new Set(specs.map((s) => s.name));
    const missing: string[] = [];
    const shapeMismatches: WeightShapeMismatch[] = [];
    for (const spec of specs) {
      const tensor = this.weights.get(spec.name);
      if (!tensor) missing.push(spec.name);
      else if (!sameShape(tensor.shape, spec.shape)) {
        shapeMismatches.push({ name: spec.name, expected: [...spec.shape], actual: [...tensor.shape] });
      }
    }
    const unexpected = this.names().filter(
      (name) => name.startsWith(scope) && !wanted.has(name) && !(options.ignore?.(name) ?? false),
    );
    if (missing.length + unexpected.length + shapeMismatches.length === 0) return;
    const available = this.names();
    const shapes = shapeMismatches.map((m) => `${m.name}: expected [${m.expected}], checkpoint has [${m.actual}]`);
    const summary = [
      missing.length ? `${missing.length} missing` : "",
      unexpected.length ? `${unexpected.length} unexpected` : "",
      shapeMismatches.length ? `${shapeMismatches.length} with the wrong shape` : "",
    ].filter(Boolean);
    throw new WeightsError(
      "WEIGHTS_MISMATCH",
      `checkpoint does not match the model${scope ? ` (names under "${scope}")` : ""}: ${summary.join(", ")}` +
        listNames("missing", missing) +
        listNames("unexpected", unexpected) +
        (shapes.length ? `\n  shapeMismatches (${shapes.length}): ${shapes.join("; ")}` : "") +
        listNames("available", available),
      { missing, unexpected, shapeMismatches, available },
    );
  }

  /** The named tensor as float32 (half precision is widened), checked against `expectedShape`; marks it used. */
  take(name: string, expectedShape: readonly number[]): tf.Tensor {
    return tf.tensor(this.takeArray(name, expectedShape), [...expectedShape], "float32");
  }

  /** Like `take`, but the values stay on the JS side as a Float32Array (no tf tensor is created). */
  takeArray(name: string, expectedShape: readonly number[]): Float32Array {
    const tensor = this.weights.get(name);
    if (!tensor) {
      throw new WeightsError(
        "MISSING_WEIGHT",
        `checkpoint has no tensor "${name}"${listNames("available", this.names())}`,
        {
          missing: [name],
          available: this.names(),
        },
      );
    }
    if (!sameShape(tensor.shape, expectedShape)) {
      const mismatch = { name, expected: [...expectedShape], actual: [...tensor.shape] };
      throw new WeightsError(
        "WEIGHT_SHAPE_MISMATCH",
        `"${name}" has shape [${tensor.shape}], the config implies [${expectedShape}]`,
        { shapeMismatches: [mismatch], available: this.names() },
      );
    }
    this.used.add(name);
    return toFloat32(name, tensor);
  }

  take1d(name: string, expectedShape: readonly [number]): tf.Tensor1D {
    return this.take(name, expectedShape) as tf.Tensor1D;
  }

  take2d(name: string, expectedShape: readonly [number, number]): tf.Tensor2D {
    return this.take(name, expectedShape) as tf.Tensor2D;
  }

  /** Names taken so far. */
  usedNames(): string[] {
    return [...this.used].sort();
  }

  /** Names under `scope` (default: all) never taken. */
  unusedNames(scope = ""): string[] {
    return this.names().filter((n) => n.startsWith(scope) && !this.used.has(n));
  }
}

function toFloat32(name: string, tensor: WeightTensor): Float32Array {
  if (tensor.dtype === "float32") return tensor.data as Float32Array;
  if (tensor.dtype === "float16") return float16ToFloat32(tensor.data as Uint16Array);
  throw new WeightsError("WEIGHT_DTYPE", `"${name}" is ${tensor.dtype}; model weights must be float32 or float16`);
}
