import { ARTIFACTS_DIR, expect, test } from "../../fixtures/app";

test("docs: /api/docs renders under the production CSP with no violations, and 'try it' calls the API with a bearer token", async ({
  page,
  pageProblems,
  request,
}) => {
  // A user with a task, through the REST API itself.
  const credentials = {
    username: `docs_${Date.now().toString(36)}`,
    password: "a perfectly decent passphrase 7",
  };
  expect((await request.post("/api/v1/auth/register", { data: credentials })).status()).toBe(201);
  const login = await request.post("/api/v1/auth/login", { data: credentials });
  expect(login.status()).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const created = await request.post("/api/v1/tasks", {
    data: { title: "Seen through the docs" },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(created.status()).toBe(201);

  const response = await page.goto("/api/docs");
  expect(response?.status()).toBe(200);
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src [^;]*'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).not.toContain("unsafe-eval");
  // Every script on the page carries this response's nonce.
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const scriptNonces = await page
    .locator("script")
    .evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));

  // Swagger UI rendered the document served at /api/v1/openapi.json.
  await expect(page.getByRole("heading", { name: /Taskfort REST API/ })).toBeVisible();
  await expect(page.locator("#operations-tasks-task-list")).toBeVisible();

  // Authorize with the token, then "try it" on GET /tasks.
  await page
    .getByRole("button", { name: /Authorize/ })
    .first()
    .click();
  const dialog = page.locator(".dialog-ux");
  await dialog.locator("#auth-bearer-value, input").first().fill(token);
  await dialog.locator("button.authorize").first().click();
  await dialog.locator("button.btn-done").first().click();
  await page.locator("#operations-tasks-task-list button.opblock-summary-control").click();
  // "Try it out" is off until asked for (reading comes first).
  await page
    .locator("#operations-tasks-task-list")
    .getByRole("button", { name: /Try it out/ })
    .click();
  await page
    .locator("#operations-tasks-task-list")
    .getByRole("button", { name: "Execute" })
    .click();
  const live = page.locator("#operations-tasks-task-list .live-responses-table");
  await expect(live.locator("tbody .response-col_status").first()).toHaveText("200");
  // The form is prefilled with the documented examples (search, priority, overdue…), which filter
  // this user's one task out: the 200 with a page shape is what proves the bearer token worked.
  await expect(live).toContainText('"totalPages"');
  await expect(page.locator("#operations-tasks-task-list .curl-command")).toContainText(
    `Authorization: Bearer ${token}`,
  );

  await page.screenshot({ path: `${ARTIFACTS_DIR}docs.png`, fullPage: false });
  expect(pageProblems).toEqual([]);
});

test("docs: /api/docs follows the app's theme: the system's, unless one was picked in the app", async ({
  page,
  pageProblems,
}) => {
  const html = page.locator("html");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/api/docs");
  await page.locator("#operations-tasks-task-list").waitFor();
  await expect(html).toHaveClass(/\bdark-mode\b/);
  // Swagger UI's own dark surfaces, not only our class.
  expect(
    await page
      .locator(".swagger-ui")
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor),
  ).toBe("rgb(28, 32, 34)");
  // The system turns light while the page is open: the docs follow.
  await page.emulateMedia({ colorScheme: "light" });
  await expect(html).not.toHaveClass(/\bdark-mode\b/);

  // Light picked in the app wins over a dark system, and dark over a light one.
  await page.evaluate(() => localStorage.setItem("taskfort-theme", "light"));
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await page.locator("#operations-tasks-task-list").waitFor();
  await expect(html).not.toHaveClass(/\bdark-mode\b/);
  await page.evaluate(() => localStorage.setItem("taskfort-theme", "dark"));
  await page.emulateMedia({ colorScheme: "light" });
  await page.reload();
  await expect(html).toHaveClass(/\bdark-mode\b/);
  expect(pageProblems).toEqual([]);
});
