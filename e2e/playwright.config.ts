import { defineConfig } from "@playwright/test";
import { getEnv } from "@taskfort/config/env";
import { CHROMIUM_ARGS } from "@taskfort/config/chromium";
import { CHROMIUM_PATH, missingBrowser } from "./fixtures/browser";

// The app server is not Playwright's `webServer`: the `app` fixture (fixtures/app.ts) starts the
// built app with the same helper the HTTP tests use, on a free port and a fresh database
// (real Postgres when DATABASE_URL is set, embedded PGlite otherwise), and tears both down.
// A missing browser fails the run under CI=true and is skipped, saying why, elsewhere (the contract's `npm test`).
const missing = missingBrowser();
if (missing && getEnv().CI) throw new Error(missing);
if (missing) console.warn(`Skipping the browser tests: ${missing}`);

export default defineConfig({
  testDir: "tests",
  testIgnore: missing ? "**/*" : undefined,
  // Failure screenshots and traces land beside the specs' own screenshots.
  outputDir: "artifacts/results",
  // One app server and one browser at a time: the machines this runs on have 2 cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: getEnv().CI,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["html", { outputFolder: "playwright-report", open: "never" }]],
  use: {
    browserName: "chromium",
    // Debian's chromium: `playwright install` cannot download browsers here.
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
});
