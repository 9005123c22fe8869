export { BACKENDS, type TestBackend, testKernel } from "./backends.js";
export { type ArrayLikeTensor, type Comparison, compareArrays, compareGolden, expectArraysClose } from "./compare.js";
export {
  FixturesMissingError,
  type FixturesRootOptions,
  fixturesRoot,
  longformerFixturesDir,
  repoRoot,
  resolveFromInvocationDir,
  tokenizerFixtureDir,
} from "./fixtures.js";
export { type GoldenSet, loadGolden, type TensorFileReader } from "./golden.js";
export { expectNoTensorLeak, type TensorCounter } from "./leaks.js";
export { seededRandom } from "./random.js";
export { tempDirs } from "./temp-dirs.js";
