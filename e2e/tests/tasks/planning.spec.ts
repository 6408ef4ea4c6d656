import { ARTIFACTS_DIR } from "../../fixtures/app";
import { expect, signedInUser, test, waitForForms } from "../../fixtures/ui";

test("tasks: plan with a due date, priority and labels; filter by label and overdue; delete and undo; restore from the trash; see an edit conflict from another tab", async ({
  page,
  context,
  db,
  pageProblems,
}) => {
  // One long story (add, filter, undo, trash, shortcuts, bulk, two tabs) on a shared 2-core machine.
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const user = await signedInUser(page, "plan");
  await waitForForms(page);

  // Quick add by keyboard: "n" focuses the title, Tab reaches the folded options, Enter opens them.
  const newTask = page.getByRole("region", { name: "New task" });
  await expect(newTask.getByText("Letters, digits and spaces; 3 to 200 characters.")).toBeVisible();
  const tomorrow = new Date(Date.now() + 86_400_000);
  const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, "0")}-${String(tomorrow.getDate()).padStart(2, "0")}T09:00`;
  await page.locator("body").press("n");
  await expect(newTask.getByLabel("Title")).toBeFocused();
  await page.keyboard.type("Prepare the offsite agenda");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(newTask.getByLabel("Due (optional)")).toBeFocused();
  // A datetime-local input's Tab walks its own segments (day, month, year, time), so the
  // date is typed whole and the next field focused directly.
  await newTask.getByLabel("Due (optional)").fill(local);
  await newTask.getByLabel("Priority").focus();
  await newTask.getByLabel("Priority").selectOption("3");
  await page.keyboard.press("Tab");
  await page.keyboard.type("work, offsite");
  await page.keyboard.press("Enter");
  await expect(newTask.getByTestId("create-notice")).toContainText("added");
  const row = page.getByTestId("task-row").filter({ hasText: "Prepare the offsite agenda" });
  await expect(row.getByTestId("task-due")).toHaveText("Due tomorrow 09:00");
  await expect(row.getByTestId("task-priority")).toHaveText("high priority");
  await expect(row.getByTestId("task-label")).toHaveText(["offsite", "work"]);
  const stored = await db.task.findFirstOrThrow({
    where: { ownerId: user.id },
    select: { id: true, priority: true, dueAt: true },
  });
  expect(stored.priority).toBe(3);

  // An overdue task, made through the API's own rules but dated in the past.
  await newTask.getByLabel("Title").fill("File the expense report");
  await expect(newTask.getByLabel("Labels (optional)")).toBeVisible();
  await newTask.getByLabel("Labels (optional)").fill("admin");
  await newTask.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByTestId("task-row")).toHaveCount(2);
  await db.task.updateMany({
    where: { ownerId: user.id, title: "File the expense report" },
    data: { dueAt: new Date(Date.now() - 3 * 86_400_000) },
  });
  await page.reload();
  const late = page.getByTestId("task-row").filter({ hasText: "File the expense report" });
  await expect(late.getByTestId("task-due")).toHaveText("Due 3 days overdue");
  await page.screenshot({ path: `${ARTIFACTS_DIR}tasks-planning-1280-light.png`, fullPage: true });

  // Filters: overdue, then a label.
  await page.getByLabel("Show").selectOption("overdue");
  await expect(page.getByTestId("task-row")).toHaveText([/File the expense report/]);
  await page.getByLabel("Show").selectOption("");
  await page.getByLabel("Label", { exact: true }).selectOption("work");
  await expect(page.getByTestId("task-row")).toHaveText([/Prepare the offsite agenda/]);
  await page.getByLabel("Label", { exact: true }).selectOption("");
  await expect(page.getByTestId("task-row")).toHaveCount(2);

  // Delete and undo.
  await page.getByRole("button", { name: "Delete “File the expense report”" }).click();
  await expect(page.getByTestId("task-notice")).toContainText("moved to the trash");
  await page.getByTestId("task-notice").getByRole("button", { name: "Undo" }).click();
  await expect(page.getByTestId("task-row")).toHaveCount(2);

  // Delete, then restore from the trash page.
  await page.getByRole("button", { name: "Delete “File the expense report”" }).click();
  await expect(page.getByTestId("task-row")).toHaveCount(1);
  await page.getByRole("link", { name: "Trash" }).click();
  await expect(page.getByTestId("trash-row")).toHaveCount(1);
  await page.getByRole("button", { name: "Restore “File the expense report”" }).click();
  await expect(page.getByTestId("trash-empty")).toBeVisible();
  expect(await db.task.count({ where: { ownerId: user.id, deletedAt: null } })).toBe(2);

  // Shortcuts: j/k move, x selects, c completes, e edits (focus back after), # deletes, ? lists them.
  await page.goto("/tasks");
  await waitForForms(page);
  await page.locator("body").press("j");
  const first = page.getByTestId("task-row").first();
  await expect(first).toBeFocused();
  await page.keyboard.press("j");
  await expect(page.getByTestId("task-row").nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(first).toBeFocused();
  await page.keyboard.press("x");
  await expect(page.getByTestId("bulk-bar")).toContainText("1 selected");
  await page.keyboard.press("c");
  await expect(first.getByRole("checkbox", { name: /^Completed:/ })).toBeChecked();
  await page.keyboard.press("e");
  const edit = page.getByRole("dialog", { name: "Edit task" });
  await expect(edit).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(edit).toBeHidden();
  await expect(first).toBeFocused();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help.getByTestId("shortcut-list")).toContainText("Delete the task");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  // "/" focuses search; typing there is not a shortcut.
  await page.keyboard.press("/");
  await expect(page.getByLabel("Search")).toBeFocused();
  await page.keyboard.type("x");
  await expect(page.getByTestId("bulk-bar")).toContainText("1 selected");
  await page.getByLabel("Search").fill("");
  await expect(page.getByTestId("task-row")).toHaveCount(2);

  // Bulk: select both, complete them together.
  await page.getByTestId("task-select").nth(1).check();
  await expect(page.getByTestId("bulk-bar")).toContainText("2 selected");
  await page.getByTestId("bulk-bar").getByRole("button", { name: "Complete" }).click();
  await expect(page.getByTestId("task-notice")).toContainText("1 task completed.");
  await expect.poll(() => db.task.count({ where: { ownerId: user.id, completed: true } })).toBe(2);

  // "#" deletes the focused task; Undo brings it back.
  await first.focus();
  await page.keyboard.press("#");
  await expect(page.getByTestId("task-notice")).toContainText("moved to the trash");
  await page.getByTestId("task-notice").getByRole("button", { name: "Undo" }).click();
  await expect(page.getByTestId("task-row")).toHaveCount(2);

  // Two tabs: the second saves first, the first is told and can reload.
  await page.goto("/tasks");
  const other = await context.newPage();
  await other.goto("/tasks");
  await page.getByRole("button", { name: "Edit “Prepare the offsite agenda”" }).click();
  await other.getByRole("button", { name: "Edit “Prepare the offsite agenda”" }).click();
  await other.getByRole("dialog").getByLabel("Title").fill("Agenda from tab two");
  await other.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
  await expect(other.getByRole("dialog")).toBeHidden();
  const dialog = page.getByRole("dialog", { name: "Edit task" });
  await dialog.getByLabel("Title").fill("Agenda from tab one");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog.getByTestId("conflict")).toContainText("changed in another tab");
  expect((await db.task.findUniqueOrThrow({ where: { id: stored.id } })).title).toBe(
    "Agenda from tab two",
  );
  await dialog.getByRole("button", { name: "Reload" }).click();
  await expect(page.getByTestId("task-row").filter({ hasText: "Agenda from tab two" })).toHaveCount(
    1,
  );

  // The one failed request is the conflict itself (Chromium logs every 4xx response).
  expect(pageProblems.filter((p) => !p.includes("status of 409"))).toEqual([]);
});
