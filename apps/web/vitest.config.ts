import { longformerVitestConfig } from "@longformer-ts/vitest-config";

export default longformerVitestConfig({ test: { setupFiles: ["./test/temp-guard.setup.ts"] } });
