import {
  expect,
  newCredentials,
  signedInUser,
  taskAction,
  test,
  waitForForms,
} from "../../fixtures/ui";

test("tasks: register, sign in, create, edit, complete, search, filter, paginate, delete and sign out through the UI, with the database checked", async ({
  page,
  db,
  pageProblems,
}) => {
  const me = newCredentials("flow");

  // Register (field errors from the shared schema show while typing) and land signed in on /tasks.
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole("link", { name: "Create one" }).click();
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await waitForForms(page);
  await page.getByLabel("Username").fill(me.username);
  await page.getByLabel("Password").fill("short");
  await expect(page.getByText("Password must be at least 8 characters long.")).toBeVisible();
  await page.getByLabel("Password").fill(me.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByTestId("current-user")).toContainText(me.username);
  await expect(page.getByTestId("current-role")).toHaveText("user");
  await expect(page.getByTestId("tasks-empty")).toBeVisible();
  const user = await db.user.findFirstOrThrow({
    where: { username: me.username },
    select: { id: true },
  });

  // Sign out and back in through the login form.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await waitForForms(page);
  await page.getByLabel("Username").fill(me.username);
  await page.getByLabel("Password").fill(`${me.password}x`);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Invalid username or password." }),
  ).toBeVisible();
  await expect(page.getByLabel("Username")).toHaveValue(me.username);
  await page.getByLabel("Password").fill(me.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/tasks$/);

  // Create: the schema's message under the field first, then a real task, stored for this user.
  const newTask = page.getByRole("region", { name: "New task" });
  await newTask.getByLabel("Title").fill("ab");
  await expect(newTask.getByText("Title must be at least 3 characters long.")).toBeVisible();
  await newTask.getByLabel("Title").fill("Buy milk");
  await newTask.getByText("Due date, priority, labels and description").click();
  await newTask.getByLabel("Description (optional)").fill("Two litres");
  await newTask.getByRole("button", { name: "Add task" }).click();
  const rows = page.getByTestId("task-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Buy milk");
  await expect(newTask.getByLabel("Title")).toHaveValue("");
  const stored = await db.task.findFirstOrThrow({ where: { ownerId: user.id } });
  expect(stored).toMatchObject({ title: "Buy milk", description: "Two litres", completed: false });

  // Edit in the dialog; a server-side rule violation would show under the field, a valid edit is saved.
  await taskAction(page, "Buy milk", "Edit");
  const dialog = page.getByRole("dialog", { name: "Edit task" });
  await dialog.getByLabel("Title").fill("Buy oat milk!");
  await expect(dialog.getByText("Title must be alphanumeric with optional spaces.")).toBeVisible();
  await dialog.getByLabel("Title").fill("Buy oat milk");
  await dialog.getByLabel("Description").fill("Three litres");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  await expect(rows.first()).toContainText("Buy oat milk");
  await expect(rows.first()).toContainText("Three litres");
  await expect
    .poll(async () => (await db.task.findUniqueOrThrow({ where: { id: stored.id } })).title)
    .toBe("Buy oat milk");

  // Complete it.
  await page.getByLabel("Completed: Buy oat milk").check();
  await expect
    .poll(async () => (await db.task.findUniqueOrThrow({ where: { id: stored.id } })).completed)
    .toBe(true);

  // Eleven more tasks straight in the database, so the list has two pages.
  await db.task.createMany({
    data: Array.from({ length: 11 }, (_, i) => ({
      ownerId: user.id,
      title: `Chore ${String(i + 1).padStart(2, "0")}`,
    })),
  });
  await page.reload();
  await waitForForms(page);
  await expect(page.getByTestId("pagination-summary")).toHaveText("Page 1 of 2 · 12 tasks");
  await expect(rows).toHaveCount(10);
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId("pagination-summary")).toHaveText("Page 2 of 2 · 12 tasks");
  await expect(rows).toHaveCount(2);
  await page.getByRole("button", { name: "Previous page" }).click();
  await expect(rows).toHaveCount(10);

  // Ordering by title.
  await page.getByLabel("Order").selectOption("title");
  await expect(rows.first()).toContainText("Buy oat milk");
  await expect(page).toHaveURL(/ordering=title/);

  // Search (debounced, kept in the URL, survives a reload).
  await page.getByLabel("Search").fill("chore 1");
  await expect(page).toHaveURL(/q=chore\+1/);
  await expect(rows).toHaveCount(2);
  await page.reload();
  await waitForForms(page);
  await expect(page.getByLabel("Search")).toHaveValue("chore 1");
  await expect(rows).toHaveCount(2);
  await page.getByLabel("Search").fill("");
  await expect(page).not.toHaveURL(/q=/);
  await expect(rows).toHaveCount(10);

  // Completed filter.
  await page.getByLabel("Show").selectOption("true");
  await expect(page).toHaveURL(/completed=true/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Buy oat milk");
  // Filters are history entries: back and forward move between them.
  await page.goBack();
  await expect(page.getByLabel("Show")).toHaveValue("");
  await expect(rows).toHaveCount(10);
  await page.goForward();
  await expect(page.getByLabel("Show")).toHaveValue("true");
  await expect(rows).toHaveCount(1);
  await page.getByLabel("Show").selectOption("false");
  await expect(page.getByTestId("pagination-summary")).toHaveText("Page 1 of 2 · 11 tasks");
  await page.getByLabel("Show").selectOption("");

  // Delete moves it to the trash at once, with Undo; Undo brings it back; a second delete stays.
  await taskAction(page, "Buy oat milk", "Move to trash");
  await expect(page.getByTestId("task-notice")).toContainText("moved to the trash");
  await expect(page.getByRole("button", { name: "Actions for “Buy oat milk”" })).toHaveCount(0);
  await page.getByTestId("task-notice").getByRole("button", { name: "Undo" }).click();
  await expect(page.getByTestId("task-notice")).toContainText("restored");
  await expect(page.getByRole("button", { name: "Actions for “Buy oat milk”" })).toHaveCount(1);
  await taskAction(page, "Buy oat milk", "Move to trash");
  await expect(page.getByTestId("task-notice")).toContainText("moved to the trash");
  await expect
    .poll(async () => (await db.task.findUniqueOrThrow({ where: { id: stored.id } })).deletedAt)
    .toBeInstanceOf(Date);
  expect(await db.task.count({ where: { ownerId: user.id, deletedAt: null } })).toBe(11);

  // Sign out: the server-side session is gone and /tasks asks to sign in again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect.poll(() => db.session.count({ where: { userId: user.id } })).toBe(0);
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftasks/);

  // The one wrong-password attempt above is answered 401, which Chromium logs; nothing else may appear.
  expect(pageProblems.filter((p) => !p.includes("status of 401 (Unauthorized)"))).toEqual([]);
  expect(pageProblems.filter((p) => p.includes("status of 401"))).toHaveLength(1);
});

test("tasks: a failed completion toggle is rolled back, with the message and the request id to quote", async ({
  page,
  db,
}) => {
  const user = await signedInUser(page, "rollback");
  await db.task.create({ data: { ownerId: user.id, title: "Water plants" } });
  await page.reload();
  await waitForForms(page);
  // The server fails the update (an internal error, as tRPC sends it): the checkbox must spring back.
  await page.route("**/api/trpc/task.update**", (route) =>
    route.fulfill({
      status: 500,
      contentType: "application/json",
      body: JSON.stringify([
        {
          error: {
            message:
              "Something went wrong on our side. Quote the request id if you contact support.",
            code: -32603,
            data: {
              code: "INTERNAL_SERVER_ERROR",
              message:
                "Something went wrong on our side. Quote the request id if you contact support.",
              requestId: "req-e2e-42",
              httpStatus: 500,
            },
          },
        },
      ]),
    }),
  );
  const box = page.getByLabel("Completed: Water plants");
  // click(), not check(): the box flips and flips back, which check() would call a failure to toggle.
  await box.click();
  const alert = page.getByRole("alert").filter({ hasText: "Could not change “Water plants”" });
  await expect(alert).toContainText("Something went wrong on our side");
  await expect(alert).toContainText("Request id: req-e2e-42");
  await expect(box).not.toBeChecked();
  expect((await db.task.findFirstOrThrow({ where: { ownerId: user.id } })).completed).toBe(false);
});

test("tasks: the list works before its code has loaded: a click, a typed title and Enter all land once it is live", async ({
  page,
  db,
}) => {
  const user = await signedInUser(page, "early");
  await db.task.create({ data: { ownerId: user.id, title: "Water plants" } });
  // A full load with no pointer over the page yet: the list is in the HTML, its code is not
  // (the task form is not live), so this is the state a fast person meets.
  await page.goto("/tasks");
  await expect(page.getByLabel("Completed: Water plants")).toBeVisible();
  await expect(page.locator("form[data-ready]")).toHaveCount(0);

  // The click arrives while the code is still loading: it is held, then played on the live box.
  const box = page.getByLabel("Completed: Water plants");
  await box.click();
  await expect(box).toBeChecked();
  await expect
    .poll(async () => (await db.task.findFirstOrThrow({ where: { ownerId: user.id } })).completed)
    .toBe(true);

  // Typed before the form was live, submitted with Enter: created once, as typed.
  await page.goto("/tasks");
  await expect(page.locator("form[data-ready]")).toHaveCount(0);
  const title = page.getByRole("region", { name: "New task" }).getByLabel("Title");
  await title.fill("Call the plumber");
  await title.press("Enter");
  await expect(page.getByTestId("task-row").filter({ hasText: "Call the plumber" })).toHaveCount(1);
  await expect
    .poll(() => db.task.count({ where: { ownerId: user.id, title: "Call the plumber" } }))
    .toBe(1);
});
