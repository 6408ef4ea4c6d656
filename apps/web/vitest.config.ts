import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The fault suite has its own stage (npm run test:faults, vitest.faults.config.ts).
    exclude: ["**/node_modules/**", "test/faults/**"],
    // Real servers start in these tests (next start, next dev with its first compile).
    testTimeout: 240_000,
    hookTimeout: 240_000,
    // One server at a time: this machine has 2 cores.
    fileParallelism: false,
  },
});
