import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The app's own import alias (tsconfig.json "paths"), for tests that render its components.
  resolve: { alias: { "@/": fileURLToPath(new URL("src/", import.meta.url)) } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The fault suite has its own stage (npm run test:faults, vitest.faults.config.ts).
    exclude: ["**/node_modules/**", "test/faults/**"],
    // Real servers start in these tests (next start, next dev with its first compile).
    testTimeout: 240_000,
    hookTimeout: 240_000,
    // Two files at a time, each with its own server and database: a file spends much of its time
    // waiting on its server (start-up, password hashing, the database), so two overlap well even
    // on 2 cores. The dev servers (one per app folder) all live in dev.test.ts.
    maxWorkers: 2,
    // A worker's files share its modules (test helpers, the Prisma client that reads each file's
    // database): nothing here replaces a module, and every file starts its own server and database.
    isolate: false,
  },
});
