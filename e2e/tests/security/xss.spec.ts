import { expect, signedInUser, taskAction, test } from "../../fixtures/ui";

const PAYLOAD = `<script>alert(1)</script><img src=x onerror=alert(2)>`;

test("xss: a task description full of markup renders as text: no dialog, no injected element, no CSP violation", async ({
  page,
  db,
  pageProblems,
}) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const user = await signedInUser(page, "xss");

  // Through the UI, and once more straight in the database (as if an API client had stored it).
  await page.getByLabel("Title").fill("Markup test");
  await page.getByText("Due date, priority, labels and description").click();
  await page.getByLabel("Description (optional)").fill(PAYLOAD);
  await page.getByRole("button", { name: "Add task" }).click();
  await db.task.create({
    data: { ownerId: user.id, title: "Stored markup", description: PAYLOAD },
  });
  await page.reload();

  const descriptions = page.getByTestId("task-description");
  await expect(descriptions).toHaveCount(2);
  for (const d of await descriptions.all()) await expect(d).toHaveText(PAYLOAD);
  // The text is text: no <img> or <script> came out of it.
  await expect(page.locator("main img")).toHaveCount(0);
  await expect(page.locator("main script")).toHaveCount(0);

  // The edit dialog shows it as the field's value, not as markup.
  await taskAction(page, "Markup test", "Edit");
  await expect(page.getByRole("dialog").getByLabel("Description")).toHaveValue(PAYLOAD);
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  expect(pageProblems).toEqual([]);
});
