// Heads: a fill-mask pipeline on the cpu backend, then an error thrown inside heads checked against the
// encoder's base class, which only holds when heads and the app share one copy of @longformer-ts/encoder.
// Args: <model dir> <text>.
import { LongformerError } from "@longformer-ts/encoder";
import { createPipeline, HeadsError } from "@longformer-ts/heads";

const [dir = "", text = ""] = process.argv.slice(2);
const fill = await createPipeline("fill-mask", dir, { backend: "cpu" });
const { masks } = await fill.fillMask(text, { topK: 3 });
fill.dispose();
const afterDispose = await fill.fillMask(text).catch((error: unknown) => error);
console.log(
  JSON.stringify({
    predictions: masks.map((mask) => mask.predictions.map(({ token, score }) => ({ token, score }))),
    errorCode: afterDispose instanceof HeadsError ? afterDispose.code : undefined,
    errorIsEncoderLongformerError: afterDispose instanceof LongformerError,
  }),
);
