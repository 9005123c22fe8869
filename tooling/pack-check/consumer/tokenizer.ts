// Tokenizer only: encode a document in the HAT block layout. Args: <tokenizer dir> <text>.
import { LongformerTokenizer, TokenizerError } from "@longformer-ts/tokenizer";

const [dir = "", text = ""] = process.argv.slice(2);
const tokenizer = await LongformerTokenizer.fromPretrained(dir);
const doc = await tokenizer.encodeDocument(text, { maxSentenceLength: 16 });
const missing = await LongformerTokenizer.fromPretrained(`${dir}/does-not-exist`).catch((error: unknown) => error);
console.log(
  JSON.stringify({
    inputIds: Array.from(doc.inputIds),
    globalAttentionMask: Array.from(doc.globalAttentionMask),
    missingIsTokenizerError: missing instanceof TokenizerError,
  }),
);
