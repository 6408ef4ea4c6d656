// Every page: no serious or critical axe violations, no horizontal scrolling at 360 px, and
// screenshots at 390 px and 1280 px under e2e/artifacts/screens/ (CI keeps them as artifacts).
import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { ARTIFACTS_DIR } from "../../fixtures/app";
import {
  expect,
  registerUser,
  signedInUser,
  taskAction,
  test,
  waitForForms,
  type Page,
} from "../../fixtures/ui";

const SCREENS_DIR = `${ARTIFACTS_DIR}screens/`;

async function checkPage(page: Page, name: string) {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await waitForForms(page);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${name} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
  await checkAxe(page, name);
}

/** The axe part alone, at 390 and 1280 px, with the screenshots. */
async function checkAxe(page: Page, name: string) {
  mkdirSync(SCREENS_DIR, { recursive: true });
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
      .analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      `${name} at ${width}px`,
    ).toEqual([]);
    await page.screenshot({ path: `${SCREENS_DIR}${name}-${width}.png`, fullPage: true });
  }
}

test("a11y: every page passes axe (no serious/critical), fits 360 px, and is screenshotted at 390 and 1280 px", async ({
  page,
  db,
  pageProblems,
}) => {
  // Every page twice (light and dark), axe at two widths each: minutes on a shared 2-core machine.
  test.setTimeout(420_000);
  await page.goto("/login");
  await checkPage(page, "login");
  await page.goto("/login?expired=1");
  await page.getByLabel("Username").fill("someone");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("This field is required.")).toBeVisible();
  await checkPage(page, "login-errors");
  await page.goto("/register");
  await checkPage(page, "register");

  const admin = await signedInUser(page, "a11y");
  await db.user.update({ where: { id: admin.id }, data: { role: "ADMIN" } });
  await registerUser(page);
  await db.task.createMany({
    data: Array.from({ length: 12 }, (_, i) => ({
      ownerId: admin.id,
      title: `Task number ${i + 1}`,
      description: i % 3 ? "" : "Some longer description text that wraps on a phone screen.",
      completed: i % 4 === 0,
      priority: i % 4,
      dueAt: i % 2 ? new Date(Date.now() + (i - 6) * 86_400_000) : null,
    })),
  });
  await page.goto("/tasks");
  await checkPage(page, "tasks");
  await taskAction(page, "Task number 12", "Edit");
  await checkPage(page, "tasks-edit-dialog");
  await page.keyboard.press("Escape");
  await page.goto("/tasks?q=nothing-matches");
  await checkPage(page, "tasks-empty");

  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill("Deploy bot");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("token-secret")).toBeVisible();
  await checkPage(page, "tokens");

  await page.goto("/settings/account");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByTestId("two-factor-qr")).toBeVisible();
  await checkPage(page, "account");

  await page.goto("/admin");
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await checkPage(page, "admin");

  await page.goto("/no-such-page");
  await checkPage(page, "not-found");

  const trashed = await db.task.findFirstOrThrow({ where: { ownerId: admin.id } });
  await db.task.update({ where: { id: trashed.id }, data: { deletedAt: new Date() } });
  await page.goto("/tasks/trash");
  await expect(page.getByTestId("trash-row")).toHaveCount(1);
  await checkPage(page, "trash");
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/settings\/account$/);

  // Dark: the system's preference is followed from the first paint (the class is set before
  // React runs), every page passes axe in it too, and the toggle's choice persists.
  await page.emulateMedia({ colorScheme: "dark" });
  for (const [path, name] of [
    ["/tasks", "tasks-dark"],
    ["/tasks/trash", "trash-dark"],
    ["/settings/account", "account-dark"],
    ["/settings/tokens", "tokens-dark"],
    ["/admin", "admin-dark"],
  ] as const) {
    await page.goto(path);
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await checkPage(page, name);
  }
  await page.getByTestId("theme-toggle").selectOption("light");
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.getByTestId("theme-toggle").selectOption("system");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);

  expect(pageProblems.filter((p) => !p.includes("status of 404"))).toEqual([]);
});

test("a11y: the account pages (forgot and reset password, verify email, account settings) pass axe and fit 360 px", async ({
  page,
  pageProblems,
}) => {
  // Several pages, each checked at three widths.
  test.slow();
  await page.goto("/forgot-password");
  await checkPage(page, "forgot-password");
  await page.goto("/reset-password#token=example");
  await expect(page.getByLabel("New password")).toBeVisible();
  await checkPage(page, "reset-password");
  await page.goto("/verify-email#token=example");
  await expect(page.getByRole("button", { name: "Confirm email address" })).toBeVisible();
  await checkPage(page, "verify-email");

  await signedInUser(page, "a11y_account");
  await page.goto("/settings/account");
  await expect(page.getByTestId("session-row").first()).toBeVisible();
  await checkPage(page, "account");
  expect(pageProblems).toEqual([]);
});

test("a11y: /api/docs (Swagger UI) passes axe too: the page, the Authorize dialog and an executed operation", async ({
  page,
  pageProblems,
}) => {
  // Swagger UI's own markup needs docs-a11y.ts (contrast, names, focusable code blocks) and
  // deepLinking off (links nested in buttons); this checks all of them in the states people use.
  // Three states, each checked and shot full-page (about 4,000 px tall at 390 px) at two widths:
  // over a minute on a loaded 2-core machine.
  test.slow();
  const user = await registerUser(page);
  const login = await page.request.post("/api/v1/auth/login", {
    data: { username: user.username, password: user.password },
  });
  const { token } = (await login.json()) as { token: string };
  await page.goto("/api/docs");
  await page.locator("#operations-tasks-task-list").waitFor();
  await checkPage(page, "api-docs");

  await page
    .getByRole("button", { name: /Authorize/ })
    .first()
    .click();
  const dialog = page.locator(".dialog-ux");
  await dialog.locator("input").first().fill(token);
  await checkAxe(page, "api-docs-authorize");
  await dialog.locator("button.authorize").first().click();
  await dialog.locator("button.btn-done").first().click();

  const operation = page.locator("#operations-tasks-task-list");
  await operation.locator("button.opblock-summary-control").click();
  // "Try it out" is off until asked for (reading comes first).
  await operation.getByRole("button", { name: /Try it out/ }).click();
  await operation.getByRole("button", { name: "Execute" }).click();
  await expect(
    operation.locator(".live-responses-table tbody .response-col_status").first(),
  ).toHaveText("200");
  await checkAxe(page, "api-docs-executed");
  expect(pageProblems).toEqual([]);
});

test("a11y: /api/docs in the dark theme passes axe too, with an operation open", async ({
  page,
  pageProblems,
}) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/api/docs");
  const operation = page.locator("#operations-tasks-task-list");
  await operation.waitFor();
  await expect(page.locator("html")).toHaveClass(/\bdark-mode\b/);
  await operation.locator("button.opblock-summary-control").click();
  await expect(operation.getByRole("button", { name: /Try it out/ })).toBeVisible();
  await checkPage(page, "api-docs-dark");
  expect(pageProblems).toEqual([]);
});

test("a11y: the task flow works with the keyboard alone, with focus visible and landing where it should", async ({
  page,
  db,
}) => {
  const user = await signedInUser(page, "keys");
  await page.goto("/tasks");
  await waitForForms(page);

  // Skip link first, then into the page.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");

  // Tab to the title field and create a task with Enter.
  const title = page.getByRole("region", { name: "New task" }).getByLabel("Title");
  for (let i = 0; i < 10 && !(await title.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press("Tab");
  await expect(title).toBeFocused();
  const outline = await title.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.type("Keyboard task");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("task-row")).toContainText("Keyboard task");

  // An invalid title: the error is announced and focus goes back to the field.
  await page.keyboard.type("x!");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Title must be at least 3 characters long.")).toBeVisible();
  await expect(title).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Backspace");

  // Toggle completion with Space.
  const box = page.getByLabel("Completed: Keyboard task");
  await box.focus();
  await page.keyboard.press("Space");
  await expect
    .poll(async () => (await db.task.findFirstOrThrow({ where: { ownerId: user.id } })).completed)
    .toBe(true);

  // Edit: Tab from the round "done" check reaches the row's Actions menu button; Enter opens the
  // menu on its first item (Edit); the dialog takes focus, Enter saves, and focus comes back to
  // the Actions button that opened it all.
  await page.keyboard.press("Tab");
  const actions = page.getByRole("button", { name: "Actions for “Keyboard task”" });
  await expect(actions).toBeFocused();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitem", { name: "Edit" })).toBeFocused();
  // Arrows wrap around the items; Escape closes the menu and hands focus back to its button.
  await page.keyboard.press("ArrowUp");
  await expect(menu.getByRole("menuitem", { name: "Move to trash" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(actions).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Edit" })).toBeFocused();
  await page.keyboard.press("Enter");
  const dialogTitle = page.getByRole("dialog", { name: "Edit task" }).getByLabel("Title");
  await expect(dialogTitle).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("Keyboard task edited");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "Edit task" })).toBeHidden();
  await expect(page.getByTestId("task-row")).toContainText("Keyboard task edited");
  const editedActions = page.getByRole("button", { name: "Actions for “Keyboard task edited”" });
  await expect(editedActions).toBeFocused();

  // Delete by keyboard through the same menu: the task goes to the trash, and the notice offers Undo.
  await page.keyboard.press("Enter");
  await page.keyboard.press("End");
  await expect(menu.getByRole("menuitem", { name: "Move to trash" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("tasks-empty")).toBeVisible();
  await expect(page.getByTestId("task-notice").getByRole("button", { name: "Undo" })).toBeVisible();
  await expect.poll(() => db.task.count({ where: { ownerId: user.id, deletedAt: null } })).toBe(0);
});
