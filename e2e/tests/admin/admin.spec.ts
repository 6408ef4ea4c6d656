import { expect, signedInUser, signInViaUi, test, waitForForms } from "../../fixtures/ui";

test("admin: a non-admin gets no admin page, no admin link and no admin data", async ({
  page,
  db,
}) => {
  await signedInUser(page, "plain");
  const other = await db.user.findFirst({
    where: { username: { not: "" } },
    orderBy: { createdAt: "asc" },
    select: { username: true },
  });

  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("Audit log")).toHaveCount(0);

  for (const path of [
    "/api/trpc/admin.users.list",
    "/api/trpc/admin.audit.list",
    "/api/v1/admin/users",
    "/api/v1/admin/audit",
  ]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(403);
    const text = await res.text();
    if (other) expect(text, path).not.toContain(other.username);
  }
});

test("admin: an admin changes a role and disables a user behind confirmations; the disabled user's open session is thrown out on its next action", async ({
  browser,
  baseURL,
  page,
  db,
}) => {
  const admin = await signedInUser(page, "boss");
  await db.user.update({ where: { id: admin.id }, data: { role: "ADMIN" } });

  const victimContext = await browser.newContext({ baseURL });
  const victimPage = await victimContext.newPage();
  try {
    const victim = await signedInUser(victimPage, "victim");
    await db.task.create({ data: { ownerId: victim.id, title: "Victim task" } });

    await page.goto("/tasks");
    await expect(page.getByTestId("current-role")).toHaveText("admin");
    await page.getByRole("link", { name: "Admin" }).click();
    await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();

    // Search the users table.
    await page.getByLabel("Search users").fill(victim.username);
    const row = page.locator(`[data-testid="user-row"][data-username="${victim.username}"]`);
    await expect(page.getByTestId("user-row")).toHaveCount(1);
    await expect(row).toContainText("Active");
    await expect(row.getByRole("cell").nth(3)).toHaveText("1");

    // Role change: cancelling keeps the role; confirming changes it.
    await row.getByLabel(`Role of ${victim.username}`).selectOption("ADMIN");
    const roleDialog = page.getByRole("dialog", { name: "Make this user an admin?" });
    await roleDialog.getByRole("button", { name: "Cancel" }).click();
    await expect(row.getByLabel(`Role of ${victim.username}`)).toHaveValue("USER");
    expect((await db.user.findUniqueOrThrow({ where: { id: victim.id } })).role).toBe("USER");
    await row.getByLabel(`Role of ${victim.username}`).selectOption("ADMIN");
    await roleDialog.getByRole("button", { name: "Make admin" }).click();
    await expect(roleDialog).toBeHidden();
    await expect
      .poll(async () => (await db.user.findUniqueOrThrow({ where: { id: victim.id } })).role)
      .toBe("ADMIN");
    await row.getByLabel(`Role of ${victim.username}`).selectOption("USER");
    await page
      .getByRole("dialog", { name: "Remove admin role?" })
      .getByRole("button", { name: "Make regular user" })
      .click();
    await expect
      .poll(async () => (await db.user.findUniqueOrThrow({ where: { id: victim.id } })).role)
      .toBe("USER");

    // Disable.
    await row.getByRole("button", { name: `Disable ${victim.username}` }).click();
    await page
      .getByRole("dialog", { name: "Disable this user?" })
      .getByRole("button", { name: "Disable user" })
      .click();
    await expect(row).toContainText("Disabled");
    expect(
      (await db.user.findUniqueOrThrow({ where: { id: victim.id } })).disabledAt,
    ).not.toBeNull();

    // The audit log, filtered by action and by user, shows what happened.
    await page.getByLabel("Action").selectOption("admin.user.update");
    await page.getByLabel("User", { exact: true }).selectOption({ label: victim.username });
    await expect(page.getByTestId("audit-row")).toHaveCount(3);
    await expect(page.getByTestId("audit-row").first()).toContainText(admin.username);

    // The victim's open page: the next action sends them to sign in, told their session expired.
    await victimPage.getByLabel("Title").fill("After disable");
    await victimPage.getByRole("button", { name: "Add task" }).click();
    await expect(victimPage).toHaveURL(/\/login\?expired=1&callbackUrl=%2Ftasks/);
    await expect(
      victimPage.getByText("Your session has expired. Sign in again to continue."),
    ).toBeVisible();
    expect(await db.task.count({ where: { ownerId: victim.id, title: "After disable" } })).toBe(0);
    // And signing in again does not work while disabled.
    await waitForForms(victimPage);
    await victimPage.getByLabel("Username").fill(victim.username);
    await victimPage.getByLabel("Password").fill(victim.password);
    await victimPage.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(
      victimPage.getByRole("alert").filter({ hasText: "Invalid username or password." }),
    ).toBeVisible();

    // Enabled again, they sign in and come back to where they were sent from.
    await row.getByRole("button", { name: `Enable ${victim.username}` }).click();
    await page
      .getByRole("dialog", { name: "Enable this user?" })
      .getByRole("button", { name: "Enable user" })
      .click();
    await expect(row).toContainText("Active");
    await victimPage.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(victimPage).toHaveURL(/\/tasks$/);
    await expect(victimPage.getByTestId("task-row")).toContainText("Victim task");
  } finally {
    await victimContext.close();
  }
});

test("session expired: a session ended elsewhere sends the user to sign in and back to the page they were on", async ({
  page,
  db,
}) => {
  const user = await signedInUser(page, "expiry");
  await page.goto("/tasks?q=milk");
  await waitForForms(page);
  await db.session.deleteMany({ where: { userId: user.id } });
  await page.getByLabel("Title").fill("Too late");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(
    page.getByText("Your session has expired. Sign in again to continue."),
  ).toBeVisible();
  await signInViaUi(page, user, page.url());
  await expect(page).toHaveURL(/\/tasks\?q=milk$/);
});

test("session expired: opening a page with an ended session says so on the sign-in page", async ({
  page,
  db,
}) => {
  const user = await signedInUser(page, "stale");
  await db.session.deleteMany({ where: { userId: user.id } });
  await page.goto("/settings/tokens");
  await expect(page).toHaveURL(/\/login\?expired=1&callbackUrl=%2Fsettings%2Ftokens$/);
  await expect(
    page.getByText("Your session has expired. Sign in again to continue."),
  ).toBeVisible();
  await signInViaUi(page, user, page.url());
  await expect(page).toHaveURL(/\/settings\/tokens$/);
});
