import { longformerVitestConfig, tempGuardSetup } from "@longformer-ts/vitest-config";

export default longformerVitestConfig({ test: { setupFiles: [tempGuardSetup] } });
