import { defineConfig } from "vitest/config";

// `npm run test:faults`: the fault suite (test/faults) against the production build, on real
// Postgres and Redis. Kept out of the ordinary `vitest run` (see vitest.config.ts).
export default defineConfig({
  test: {
    include: ["test/faults/**/*.test.ts"],
    globalSetup: ["test/faults/global-setup.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    // One server at a time: this machine has 2 cores, and the faults measure bounds.
    fileParallelism: false,
  },
});
