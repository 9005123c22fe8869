import { longformerVitestConfig } from "@longformer-ts/vitest-config";

export default longformerVitestConfig();
