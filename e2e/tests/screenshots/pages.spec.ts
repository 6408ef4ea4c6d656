// Every page, as people see it: full-page screenshots at 1280 and 390 px in the light and the
// dark theme, under e2e/artifacts/screenshots/<page>-<width>-<theme>.png (gitignored; CI keeps
// them as artifacts). The pages are filled with realistic data made through the REST API.
import { mkdirSync } from "node:fs";
import { ARTIFACTS_DIR } from "../../fixtures/app";
import {
  expect,
  registerUser,
  signedInUser,
  test,
  waitForForms,
  type Page,
} from "../../fixtures/ui";

const SCREENSHOTS_DIR = `${ARTIFACTS_DIR}screenshots/`;
const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

/** Opens `path`, waits until `ready` says the page has its content, and shoots it at both widths. */
async function shoot(
  page: Page,
  theme: string,
  name: string,
  path: string,
  ready: (page: Page) => Promise<void>,
  { themed = true } = {},
) {
  for (const { width, height } of WIDTHS) {
    await page.setViewportSize({ width, height });
    await page.goto(path);
    await ready(page);
    if (theme === "dark" && themed) await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await page.screenshot({
      path: `${SCREENSHOTS_DIR}${name}-${width}-${theme}.png`,
      fullPage: true,
      animations: "disabled",
    });
  }
}

const DAY = 86_400_000;

for (const theme of ["light", "dark"] as const) {
  test(`screenshots: every page at 1280 and 390 px, ${theme}`, async ({
    page,
    db,
    pageProblems,
  }) => {
    // Eight pages, two widths each, on a shared 2-core machine.
    test.setTimeout(180_000);
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    await page.emulateMedia({ colorScheme: theme });

    await shoot(page, theme, "login", "/login", waitForForms);
    await shoot(page, theme, "register", "/register", waitForForms);

    const user = await signedInUser(page, "screens");
    await db.user.update({ where: { id: user.id }, data: { role: "ADMIN" } });
    await registerUser(page);
    const origin = new URL((await page.request.get("/api/health")).url()).origin;
    const post = async (path: string, data: object) => {
      const res = await page.request.post(path, { data, headers: { origin } });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as { id: string };
    };
    const at = (days: number, hour: number) => {
      const d = new Date(Date.now() + days * DAY);
      d.setHours(hour, 0, 0, 0);
      return d.toISOString();
    };
    const tasks = [
      { title: "Book the team offsite venue", dueAt: at(2, 10), priority: 3, labels: ["work"] },
      { title: "Renew passport", dueAt: at(-2, 9), priority: 2, labels: ["personal"] },
      {
        title: "Review the quarterly security report",
        description: "Focus on the token expiry findings and the rate limit changes.",
        dueAt: at(0, 17),
        priority: 2,
        labels: ["work", "security"],
      },
      { title: "Water the plants", dueAt: at(1, 8), priority: 1, labels: ["home"] },
      { title: "Call the dentist", completed: true, labels: ["personal"] },
      { title: "Old draft notes" },
    ];
    const created = [];
    for (const task of tasks) created.push(await post("/api/v1/tasks", task));
    const res = await page.request.delete(`/api/v1/tasks/${created.at(-1)!.id}`, {
      headers: { origin },
    });
    expect(res.status()).toBe(204);
    await post("/api/v1/tokens", { name: "Deploy bot", scopes: ["tasks:read", "tasks:write"] });

    await shoot(page, theme, "tasks", "/tasks", async (p) => {
      await expect(p.getByTestId("task-row")).toHaveCount(5);
      await expect(p.getByTestId("task-due").first()).toContainText(/Due |overdue/);
    });
    await shoot(page, theme, "trash", "/tasks/trash", async (p) => {
      await expect(p.getByTestId("trash-row")).toHaveCount(1);
    });
    await shoot(page, theme, "account", "/settings/account", async (p) => {
      await expect(p.getByTestId("session-row").first()).toBeVisible();
    });
    await shoot(page, theme, "tokens", "/settings/tokens", async (p) => {
      await expect(p.getByTestId("token-row")).toHaveCount(1);
    });
    await shoot(page, theme, "admin", "/admin", async (p) => {
      // The worker's database is shared by both themes, so there may be more users.
      await expect(p.getByTestId("user-row").nth(1)).toBeVisible();
      await expect(p.getByTestId("audit-row").first()).toBeVisible();
    });
    // Swagger UI's dark mode (html.dark-mode) follows the app's theme.
    await shoot(page, theme, "api-docs", "/api/docs", async (p) => {
      await p.locator("#operations-tasks-task-list").waitFor();
    });

    expect(pageProblems).toEqual([]);
  });
}
