import { longformerVitestConfig } from "@longformer-ts/vitest-config";

export default longformerVitestConfig({ test: { setupFiles: ["./src/testing/temp-guard.setup.ts"] } });
