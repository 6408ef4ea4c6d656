// The suite runs twice: on real Postgres (DATABASE_URL) and on embedded PGlite, so both
// databases the app supports are held to the same tests (files that open no database run once).
// Types only: erased before the config is bundled, so no .ts reaches Node here.
import type * as EnvModule from "@taskfort/config/env";
import { globSync, readFileSync } from "node:fs";
import { runnerImport } from "vite";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

function postgresProject(env: EnvModule.Env): TestProjectInlineConfiguration[] {
  if (env.DATABASE_URL) return projectsOn("postgres");
  if (env.CI) {
    throw new Error(
      "[@taskfort/api] DATABASE_URL is not set, but CI=true requires the suite to run on real Postgres. " +
        "Set DATABASE_URL to a server the tests may create databases on (e.g. postgresql://postgres@127.0.0.1:5432/postgres).",
    );
  }
  console.warn(
    '[@taskfort/api] Skipping the "postgres" test project: DATABASE_URL is not set. ' +
      "The suite still runs on embedded PGlite; set DATABASE_URL to run it on real Postgres too.",
  );
  return [];
}

// Files that replace a module with vi.mock: a mock holds only where the file has a module graph of
// its own, so these run isolated. Every other file shares its worker's modules with the files
// before it (no re-import of the router, Prisma and Zod per file: about a third of the suite's
// time), and each still gets a fresh database of its own.
const OWN_MODULES = ["src/routers/auth/auth.test.ts"];

// Files that never open a database (no useTestDatabase) run once, on the first project.
const DATABASE_FREE = globSync("src/**/*.test.ts", { cwd: import.meta.dirname }).filter(
  (file) => !readFileSync(`${import.meta.dirname}/${file}`, "utf8").includes("useTestDatabase("),
);

function projectsOn(
  kind: "postgres" | "pglite",
  { withDatabaseFree = true } = {},
): TestProjectInlineConfiguration[] {
  const env = { TASKFORT_TEST_DB: kind };
  const exclude = [...OWN_MODULES, ...(withDatabaseFree ? [] : DATABASE_FREE)];
  return [
    // No include at the root: vitest concatenates a project's lists with the root's.
    {
      extends: true,
      test: { name: kind, env, include: ["src/**/*.test.ts"], exclude, isolate: false },
    },
    { extends: true, test: { name: `${kind} (own modules)`, env, include: OWN_MODULES } },
  ];
}

export default defineConfig(async () => {
  // Env is read only through @taskfort/config/env. The config bundler would hand its
  // .ts source to Node untranspiled, so it is loaded through Vite's module runner.
  const { module } = await runnerImport<typeof EnvModule>("@taskfort/config/env");
  const postgres = postgresProject(module.getEnv());
  return {
    test: {
      // Quiet unless a test reads the logs (it turns them on itself).
      env: { LOG_LEVEL: "silent" },
      // Each test file creates (and drops) its own database; PGlite start-up plus migrations take a few seconds.
      // Files wait on their database much of the time, so three at a time keep 2 cores busy.
      maxWorkers: 3,
      hookTimeout: 60_000,
      testTimeout: 30_000,
      projects: [...postgres, ...projectsOn("pglite", { withDatabaseFree: postgres.length === 0 })],
    },
  };
});
