// Every test runs twice: on real Postgres (DATABASE_URL) and on embedded PGlite.
// Relative import: the config file is bundled before workspace .ts packages can be loaded.
import { getEnv } from "../config/src/env";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const env = getEnv();

function postgresProject(): TestProjectInlineConfiguration[] {
  if (env.DATABASE_URL)
    return [{ extends: true, test: { name: "postgres", env: { TASKFORT_TEST_DB: "postgres" } } }];
  if (env.CI) {
    throw new Error(
      "[@taskfort/db] DATABASE_URL is not set, and CI=true needs the suite to run on real Postgres. Point DATABASE_URL at a server the tests may create databases on.",
    );
  }
  console.warn(
    '[@taskfort/db] Skipping the "postgres" project: DATABASE_URL is not set. The suite still runs on embedded PGlite; set DATABASE_URL to run it on real Postgres too.',
  );
  return [];
}

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Quiet unless a test reads the logs (it turns them on itself).
    env: { LOG_LEVEL: "silent" },
    // Each test file creates (and drops) its own database; PGlite start-up plus migrations take seconds.
    hookTimeout: 60_000,
    testTimeout: 60_000,
    // Two files at a time, each with a database of its own; a worker's files share its modules
    // (nothing here replaces a module).
    maxWorkers: 2,
    isolate: false,
    projects: [
      ...postgresProject(),
      { extends: true, test: { name: "pglite", env: { TASKFORT_TEST_DB: "pglite" } } },
    ],
  },
});
