// `npm run dev` stays quiet while it is used: compiling every page, signing in as the seeded
// accounts and working with tasks prints no bundler warning and forwards no browser warning or
// error to the terminal. One pass here; `npx playwright test tests/dev --repeat-each=10` keeps one
// dev server busy for several minutes (the passes share it, each checks everything printed so far).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase } from "@taskfort/db/testing";
import { startWebServer, type WebServer } from "@taskfort/web/testing";
// Not the app fixture: this spec runs its own dev server, not the production build.
import { expect as baseExpect, test as base, type Page } from "@playwright/test";
import { waitForForms } from "../../fixtures/ui";

// A dev server compiles each page on its first visit: slow on a busy 2-core machine.
const expect = baseExpect.configure({ timeout: 120_000 });

interface DevServer {
  server: WebServer;
}

// A worker fixture, so repeated runs of the test (--repeat-each) share one dev server.
const test = base.extend<object, { dev: DevServer }>({
  dev: [
    async ({}, use) => {
      const database = await createTestDatabase();
      const dataDir = mkdtempSync(join(tmpdir(), "taskfort-dev-quiet-"));
      try {
        const server = await startWebServer({
          mode: "dev",
          env: { DATABASE_URL: database.url, TASKFORT_DATA_DIR: dataDir, AUTH_SECRET: undefined },
          timeoutMs: 150_000,
        });
        try {
          await use({ server });
        } finally {
          await server.stop();
        }
      } finally {
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],
});
test.describe.configure({ timeout: 300_000 });

/** The seeded account's password, as `npm run dev` prints it at start. */
function seeded(server: WebServer, username: string): { username: string; password: string } {
  const password = new RegExp(`\\b${username} / (\\S+)`).exec(server.output())?.[1];
  expect(password, `dev output names ${username}'s password`).toBeTruthy();
  return { username, password: password! };
}

async function signIn(server: WebServer, page: Page, who: { username: string; password: string }) {
  await page.goto(`${server.url}/login`);
  await waitForForms(page);
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("current-user")).toContainText(who.username);
  await waitForForms(page);
}

/** What the dev server printed that is a warning or an error: bundler lines ("⚠ …"), forwarded browser console lines, log lines above info. */
function complaints(server: WebServer): string[] {
  return server
    .output()
    .split("\n")
    .filter((line) => {
      if (line.startsWith("{")) return !/"level":"(trace|debug|info)"/.test(line);
      // Next times a disk write at start and says so when the machine is busy: a fact about
      // the machine running the test, not about this code.
      if (line.includes("Slow filesystem detected")) return false;
      return /⚠|\bwarn|\berror\b|\[browser\]|deprecat/i.test(line);
    });
}

test("dev: using every page as the demo user and the admin prints no warning", async ({
  page,
  dev: { server },
}) => {
  page.setDefaultTimeout(120_000);
  await signIn(server, page, seeded(server, "demo"));
  const title = `Quiet dev ${Date.now()}`;
  const newTask = page.getByRole("region", { name: "New task" });
  await newTask.getByLabel("Title").fill(title);
  await newTask.getByLabel("Title").press("Enter");
  await expect(page.getByText(title).first()).toBeVisible();
  // Every page a user reaches, including the not-found page a non-admin gets for /admin.
  for (const path of [
    "/settings/tokens",
    "/settings/account",
    "/admin",
    "/tasks?view=trash",
    "/api/docs",
    "/no-such-page",
  ]) {
    const response = await page.goto(`${server.url}${path}`);
    expect(response?.status(), path).toBeLessThan(
      path === "/admin" || path === "/no-such-page" ? 500 : 400,
    );
  }
  await page.context().clearCookies();
  for (const path of ["/register", "/forgot-password", "/reset-password", "/verify-email"])
    await page.goto(`${server.url}${path}`);
  await signIn(server, page, seeded(server, "admin"));
  await page.goto(`${server.url}/admin`);
  await expect(page.getByRole("heading", { name: "Admin", exact: true })).toBeVisible();

  expect(complaints(server)).toEqual([]);
});
