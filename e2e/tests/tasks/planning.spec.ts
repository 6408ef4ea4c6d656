import { ARTIFACTS_DIR } from "../../fixtures/app";
import { expect, signedInUser, taskAction, test, waitForForms } from "../../fixtures/ui";

// The whole planning story on a desktop and a phone, in the light and the dark theme.
const VARIANTS = [
  { width: 1280, height: 900, theme: "light" },
  { width: 390, height: 844, theme: "light" },
  { width: 1280, height: 900, theme: "dark" },
  { width: 390, height: 844, theme: "dark" },
] as const;

for (const { width, height, theme } of VARIANTS) {
  test.describe(`at ${width} px, ${theme}`, () => {
    test.use({ viewport: { width, height }, colorScheme: theme });

    test(`tasks: plan with a due date, priority and labels; filter by label and overdue; delete and undo; restore from the trash; see an edit conflict from another tab (${width} px, ${theme})`, async ({
      page,
      context,
      db,
      pageProblems,
    }) => {
      // One long story (add, filter, undo, trash, shortcuts, bulk, two tabs) on a shared 2-core machine.
      test.setTimeout(180_000);
      const user = await signedInUser(page, "plan");
      await waitForForms(page);
      if (theme === "dark") await expect(page.locator("html")).toHaveClass(/\bdark\b/);
      else await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);

      // Quick add by keyboard: "n" focuses the title, Tab reaches the folded options, Enter opens them.
      const newTask = page.getByRole("region", { name: "New task" });
      await expect(
        newTask.getByText("Letters, digits and spaces; 3 to 200 characters."),
      ).toBeVisible();
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
      // The labels already used are offered as toggles beside the typed field.
      const work = newTask
        .getByRole("group", { name: "Your labels" })
        .getByRole("button", { name: "work" });
      await work.click();
      await expect(work).toHaveAttribute("aria-pressed", "true");
      await expect(newTask.getByLabel("Labels (optional)")).toHaveValue("work");
      await work.click();
      await expect(work).toHaveAttribute("aria-pressed", "false");
      await expect(newTask.getByLabel("Labels (optional)")).toHaveValue("");
      await newTask.getByLabel("Labels (optional)").fill("admin");
      await newTask.getByRole("button", { name: "Add task" }).click();
      await expect(page.getByTestId("task-row")).toHaveCount(2);
      await db.task.updateMany({
        where: { ownerId: user.id, title: "File the expense report" },
        data: { dueAt: new Date(Date.now() - 3 * 86_400_000) },
      });
      await page.reload();
      // "3 days overdue" is the viewer's clock: the server's HTML says the UTC date until the list is live.
      await waitForForms(page);
      const late = page.getByTestId("task-row").filter({ hasText: "File the expense report" });
      await expect(late.getByTestId("task-due")).toHaveText("3 days overdue");
      // The first task (its title and due date) is on screen without scrolling past the forms,
      // on a phone too.
      const firstDue = await page
        .getByTestId("task-row")
        .first()
        .getByTestId("task-due")
        .boundingBox();
      expect(firstDue!.y + firstDue!.height).toBeLessThanOrEqual(height);
      // A compact header: one line on a wide screen, two on a phone (name, who and controls;
      // then the links), not four.
      const header = await page.getByRole("banner").boundingBox();
      expect(header!.height).toBeLessThanOrEqual(width === 390 ? 100 : 70);
      await page.screenshot({
        path: `${ARTIFACTS_DIR}tasks-planning-${width}-${theme}.png`,
        fullPage: true,
      });
      // Nothing is cut off on a phone.
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBeLessThanOrEqual(0);

      // The two boxes on a row say what they are for: a square one selects for bulk actions, the
      // round one marks the task done.
      await expect(
        late.getByRole("checkbox", { name: "Select “File the expense report” for bulk actions" }),
      ).not.toBeChecked();
      await expect(
        late.getByRole("checkbox", { name: "Completed: File the expense report" }),
      ).not.toBeChecked();
      const doneShape = await late
        .getByTestId("task-done")
        .evaluate((el) => getComputedStyle(el).borderRadius);
      const selectBox = await late.getByTestId("task-select").boundingBox();
      const doneBox = await late.getByTestId("task-done").boundingBox();
      expect(doneShape).not.toBe("0px");
      expect(doneBox!.width).toBeGreaterThan(selectBox!.width);

      // Filters: overdue, then a label.
      await page.getByLabel("Show").selectOption("overdue");
      await expect(page.getByTestId("task-row")).toHaveText([/File the expense report/]);
      await page.getByLabel("Show").selectOption("");
      await page.getByLabel("Label", { exact: true }).selectOption("work");
      await expect(page.getByTestId("task-row")).toHaveText([/Prepare the offsite agenda/]);
      await page.getByLabel("Label", { exact: true }).selectOption("");
      await expect(page.getByTestId("task-row")).toHaveCount(2);

      // The row's Actions menu: one button, its items in a menu that a click elsewhere closes;
      // "Select for bulk actions" there does what the square box does (handy on a phone).
      const actions = page.getByRole("button", { name: "Actions for “File the expense report”" });
      await expect(actions).toHaveAttribute("aria-expanded", "false");
      await actions.click();
      await expect(actions).toHaveAttribute("aria-expanded", "true");
      await expect(page.getByRole("menu").getByRole("menuitem")).toHaveText([
        "Edit",
        "Select for bulk actions",
        "Move to trash",
      ]);
      await page.getByRole("heading", { name: "Your tasks" }).click();
      await expect(page.getByRole("menu")).toHaveCount(0);
      await taskAction(page, "File the expense report", "Select for bulk actions");
      await expect(page.getByTestId("bulk-bar")).toContainText("1 selected");
      await expect(
        late.getByRole("checkbox", { name: "Select “File the expense report” for bulk actions" }),
      ).toBeChecked();
      await taskAction(page, "File the expense report", "Unselect");
      await expect(page.getByTestId("bulk-bar")).toHaveCount(0);

      // Delete (from the row's Actions menu) and undo.
      await taskAction(page, "File the expense report", "Move to trash");
      await expect(page.getByTestId("task-notice")).toContainText("moved to the trash");
      await page.getByTestId("task-notice").getByRole("button", { name: "Undo" }).click();
      await expect(page.getByTestId("task-row")).toHaveCount(2);

      // Delete, then restore from the trash page.
      await taskAction(page, "File the expense report", "Move to trash");
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
      await expect
        .poll(() => db.task.count({ where: { ownerId: user.id, completed: true } }))
        .toBe(2);
      // "Select all on this page" picks every row, and clearing empties the bar.
      await page.getByTestId("select-all").check();
      await expect(page.getByTestId("bulk-bar")).toContainText("2 selected");
      await page.getByTestId("bulk-bar").getByRole("button", { name: "Clear selection" }).click();
      await expect(page.getByTestId("bulk-bar")).toHaveCount(0);

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
      await taskAction(page, "Prepare the offsite agenda", "Edit");
      await taskAction(other, "Prepare the offsite agenda", "Edit");
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
      await expect(
        page.getByTestId("task-row").filter({ hasText: "Agenda from tab two" }),
      ).toHaveCount(1);

      // The one failed request is the conflict itself (Chromium logs every 4xx response).
      expect(pageProblems.filter((p) => !p.includes("status of 409"))).toEqual([]);
    });
  });
}

test.describe("due filters in the viewer's time zone", () => {
  // UTC+14 all year: its calendar day differs from UTC's for 14 hours of every day, so a filter
  // that used the server's (UTC) days would put one of the two "today" tasks on the wrong day.
  const ZONE = "Pacific/Kiritimati";
  const OFFSET_HOURS = 14;
  test.use({ timezoneId: ZONE });

  test("tasks: 'Due today' and 'Upcoming (next 7 days)' use the viewer's calendar days", async ({
    page,
    db,
    pageProblems,
  }) => {
    const user = await signedInUser(page, "zone");
    const [y, m, d] = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE })
      .format(new Date())
      .split("-")
      .map(Number) as [number, number, number];
    /** `hour`:00 on the day `days` after today, on the wall clock of ZONE. */
    const at = (days: number, hour: number) =>
      new Date(Date.UTC(y, m - 1, d + days, hour - OFFSET_HOURS));
    await db.task.createMany({
      data: [
        { title: "Early today", dueAt: at(0, 1) },
        { title: "Late today", dueAt: at(0, 23) },
        { title: "Yesterday", dueAt: at(-1, 12) },
        { title: "Tomorrow", dueAt: at(1, 10) },
        { title: "In seven days", dueAt: at(7, 18) },
        { title: "In eight days", dueAt: at(8, 9) },
        { title: "No due date", dueAt: null },
      ].map((t) => ({ ...t, ownerId: user.id })),
    });
    // The browser's clock at noon of that day: run at 23:xx in ZONE (09:xx UTC), "Late today"
    // would already be overdue and the test would depend on the hour it runs at.
    await page.clock.install({ time: at(0, 12) });
    await page.goto("/tasks");
    await waitForForms(page);
    const rows = page.getByTestId("task-row");
    await expect(rows).toHaveCount(7);
    await expect(rows.filter({ hasText: "Late today" }).getByTestId("task-due")).toHaveText(
      "Due today 23:00",
    );
    // Other times are the viewer's too, with UTC on hover.
    const late = await db.task.findFirstOrThrow({
      where: { ownerId: user.id, title: "Late today" },
    });
    const created = rows.filter({ hasText: "Late today" }).locator("time");
    await expect(created).toHaveText(
      new Intl.DateTimeFormat("en-GB", {
        timeZone: ZONE,
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).format(late.createdAt),
    );
    await expect(created).toHaveAttribute("title", /UTC$/);

    await page.getByLabel("Show").selectOption("today");
    await expect(page).toHaveURL(/[?&]due=today\b/);
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: "Early today" })).toHaveCount(1);
    await expect(rows.filter({ hasText: "Late today" })).toHaveCount(1);

    await page.getByLabel("Show").selectOption("upcoming");
    await expect(page).toHaveURL(/[?&]due=upcoming\b/);
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: "Tomorrow" })).toHaveCount(1);
    await expect(rows.filter({ hasText: "In seven days" })).toHaveCount(1);

    // The filter is in the URL: a reload (no server-side first page, the server does not know
    // the zone) shows the same list.
    await page.reload();
    await expect(page.getByLabel("Show")).toHaveValue("upcoming");
    await expect(rows).toHaveCount(2);
    await page.getByLabel("Show").selectOption("");
    await expect(rows).toHaveCount(7);
    expect(pageProblems).toEqual([]);
  });
});
