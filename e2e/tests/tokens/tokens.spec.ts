import { expect, signedInUser, test } from "../../fixtures/ui";

test("tokens: create (secret shown once, copy button), use it with fetch, see it in the list, revoke it, and it stops working", async ({
  page,
  context,
  baseURL,
  db,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: new URL(baseURL!).origin,
  });
  const user = await signedInUser(page, "tokens");
  await db.task.create({ data: { ownerId: user.id, title: "Visible to scripts" } });
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await expect(page.getByText("No tokens yet.")).toBeVisible();

  // The shared schema's rules, under the fields.
  await page.getByLabel("Name").fill("   ");
  // New tokens default to read and write (the README's first write works); untick both.
  await expect(page.getByLabel("Write tasks (tasks:write)")).toBeChecked();
  await page.getByLabel("Read tasks (tasks:read)").uncheck();
  await page.getByLabel("Write tasks (tasks:write)").uncheck();
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("This field is required.")).toBeVisible();
  await expect(page.getByText("Pick at least one scope.")).toBeVisible();

  await page.getByLabel("Name").fill("CI script");
  await page.getByLabel("Read tasks (tasks:read)").check();
  await page.getByLabel("Expires in (days)").fill("30");
  await page.getByRole("button", { name: "Create token" }).click();
  const secretBox = page.getByTestId("new-token");
  await expect(secretBox).toContainText("it will not be shown again");
  const secret = await page.getByTestId("token-secret").inputValue();
  expect(secret.length).toBeGreaterThan(20);

  await secretBox.getByRole("button", { name: "Copy" }).click();
  await expect(secretBox).toContainText("Copied to the clipboard.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

  // Only its hash is stored.
  const stored = await db.apiToken.findFirstOrThrow({ where: { ownerId: user.id } });
  expect(JSON.stringify(stored)).not.toContain(secret);

  // The script's view: a plain fetch from the test process, no cookies.
  const api = `${new URL(baseURL!).origin}/api/v1/tasks`;
  const ok = await fetch(api, { headers: { authorization: `Bearer ${secret}` } });
  expect(ok.status).toBe(200);
  expect(((await ok.json()) as { items: { title: string }[] }).items.map((t) => t.title)).toEqual([
    "Visible to scripts",
  ]);
  // Read scope only: writing is refused.
  const write = await fetch(api, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify({ title: "From script" }),
  });
  expect(write.status).toBe(403);

  // The list shows it, with its last use, and the secret is gone after a reload.
  await page.reload();
  await expect(page.getByTestId("token-secret")).toHaveCount(0);
  const row = page.getByTestId("token-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("CI script");
  await expect(row).toContainText("tasks:read");
  await expect(row).toContainText("Active");
  await expect(row.getByRole("cell").nth(2)).not.toHaveText("never");

  // On a phone the table is a stack of cards: each value on its own line, labelled with its
  // column's heading, and nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(row).toHaveCSS("display", "block");
  await expect(page.locator("thead")).toHaveClass(/sr-only/);
  const cellLabels = await row
    .getByRole("cell")
    .evaluateAll((cells) => cells.map((c) => getComputedStyle(c, "::before").content));
  expect(cellLabels.slice(0, 5)).toEqual([
    '"Name"',
    '"Scopes"',
    '"Last used"',
    '"Expires"',
    '"Status"',
  ]);
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    ),
  ).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(row).toHaveCSS("display", "table-row");

  // Revoke: cancel first, then confirm.
  await row.getByRole("button", { name: "Revoke “CI script”" }).click();
  await page
    .getByRole("dialog", { name: "Revoke this token?" })
    .getByRole("button", { name: "Cancel" })
    .click();
  expect((await fetch(api, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
  await row.getByRole("button", { name: "Revoke “CI script”" }).click();
  await page
    .getByRole("dialog", { name: "Revoke this token?" })
    .getByRole("button", { name: "Revoke token" })
    .click();
  await expect(row).toContainText("Revoked");
  const after = await fetch(api, { headers: { authorization: `Bearer ${secret}` } });
  expect(after.status).toBe(401);
});
