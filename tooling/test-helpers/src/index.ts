export { fixturesRoot, longformerFixturesDir, tokenizerFixtureDir, repoRoot, FixturesMissingError } from "./fixtures.js";
export { compareArrays, expectArraysClose, type ArrayLikeTensor, type Comparison } from "./compare.js";
export { expectNoTensorLeak, type TensorCounter } from "./leaks.js";
