// Convert only: an HF safetensors checkpoint to TF.js weights, then load them back. Args: <checkpoint dir> <out dir>.
import { convert, loadWeights } from "@longformer-ts/convert";

function sumOf(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] ?? 0;
  return total;
}

const [source = "", out = ""] = process.argv.slice(2);
const summary = await convert(source, out);
const loaded = await loadWeights(out);
const weights = [...loaded.weights].map(([name, tensor]) => ({
  name,
  dtype: tensor.dtype,
  shape: tensor.shape,
  sum: sumOf(tensor.data),
}));
console.log(JSON.stringify({ tensors: summary.tensors, format: loaded.format, weights }));
