// Account self-service in a real browser, with a real SMTP server catching the app's mails.
import { readFile } from "node:fs/promises";
import { startMailCatcher, type MailCatcher } from "@taskfort/testing/mail-catcher";
import { getFreePort } from "@taskfort/web/testing";
import {
  test as base,
  expect,
  newCredentials,
  RELAXED_LIMITS,
  registerUser,
  signInViaUi,
  signedInUser,
  waitForForms,
} from "../../fixtures/ui";

const test = base.extend<object, { mail: MailCatcher }>({
  mail: [
    async ({}, use) => {
      const mail = await startMailCatcher();
      await use(mail);
      await mail.stop();
    },
    { scope: "worker" },
  ],
  appPort: [async ({}, use) => use(await getFreePort()), { scope: "worker" }],
  appEnv: [
    async ({ mail, appPort }, use) =>
      use({
        ...RELAXED_LIMITS,
        SMTP_URL: mail.url,
        MAIL_FROM: "Taskfort <no-reply@test.invalid>",
        // Links in mails point here; the pages are opened on the same origin.
        AUTH_URL: `http://localhost:${appPort}`,
      }),
    { scope: "worker" },
  ],
});

test("account: set an email, follow the verification mail, forget the password, reset it from the mail, sign in with the new one", async ({
  page,
  mail,
  db,
}) => {
  // Several page loads, two mails and Argon2 runs on a shared 2-core machine.
  test.slow();
  const user = await signedInUser(page, "forgetful");
  const email = `${user.username}@example.com`;
  await page.getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  await waitForForms(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Add email" }).click();
  await expect(page.getByText("A verification link is on its way")).toBeVisible();
  await expect(page.getByTestId("email-status")).toContainText("not verified");

  await page.goto(mail.linkIn(await mail.waitFor(email)));
  await page.getByRole("button", { name: "Confirm email address" }).click();
  await expect(page.getByTestId("verify-done")).toBeVisible();
  await page.getByRole("link", { name: "Go to your account" }).click();
  await expect(page.getByTestId("email-status")).toContainText("(verified)");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // A client-side navigation: wait for the new page before waiting for its form to hydrate.
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await waitForForms(page);
  await page.getByLabel("Username").fill(user.username);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByTestId("forgot-sent")).toBeVisible();

  const link = mail.linkIn(await mail.waitFor(email));
  await page.goto(link);
  await waitForForms(page);
  const newPassword = `new-${user.password}`;
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByTestId("reset-done")).toBeVisible();

  // The link worked once. (Via another page: the same URL again would only be a fragment change.)
  await page.goto("/login");
  await page.goto(link);
  await waitForForms(page);
  await page.getByLabel("New password").fill(`again-${user.password}`);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("This link is invalid or has expired.")).toBeVisible();

  await signInViaUi(page, { username: user.username, password: newPassword });
  expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
});

test("account: change the password (other sessions end), end a session opened elsewhere, export, delete the account", async ({
  page,
  browser,
  baseURL,
  db,
}) => {
  test.slow();
  const user = await registerUser(page, newCredentials("settings"));
  await db.task.create({ data: { ownerId: user.id, title: "Exported task" } });
  await signInViaUi(page, user);
  const elsewhere = await browser.newContext({ baseURL });
  const other = await elsewhere.newPage();
  await signInViaUi(other, user);

  await page.goto("/settings/account");
  await waitForForms(page);
  const rows = page.getByTestId("session-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "this browser" })).toHaveCount(1);

  // Changing the password signs the other browser out; this one stays.
  const newPassword = `changed-${user.password}`;
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-changed")).toBeVisible();
  await expect(rows).toHaveCount(1);
  await other.goto("/tasks");
  await expect(other).toHaveURL(/\/login/);

  // A new session elsewhere, ended from here.
  await signInViaUi(other, { username: user.username, password: newPassword });
  await page.reload();
  await expect(rows).toHaveCount(2);
  await rows
    .filter({ hasNotText: "this browser" })
    .getByRole("button", { name: /End session/ })
    .click();
  await expect(rows).toHaveCount(1);
  await other.goto("/tasks");
  await expect(other).toHaveURL(/\/login/);
  await elsewhere.close();

  // Export: one JSON file with the account and its task, no hashes.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download export" }).click(),
  ]);
  const exported = await readFile(await download.path(), "utf8");
  const data = JSON.parse(exported) as {
    account: { username: string };
    tasks: { title: string }[];
  };
  expect(data.account.username).toBe(user.username);
  expect(data.tasks.map((t) => t.title)).toEqual(["Exported task"]);
  expect(exported).not.toMatch(/passwordHash|tokenHash|argon2/);

  // Delete: the wrong password is refused; the right one removes everything and signs out.
  await page.getByLabel("Your password").fill("not my password at all");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByText("The password is not correct.")).toBeVisible();
  await page.getByLabel("Your password").fill(newPassword);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await db.user.count({ where: { id: user.id } })).toBe(0);
  expect(await db.task.count({ where: { ownerId: user.id } })).toBe(0);

  await waitForForms(page);
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(newPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Invalid username or password.")).toBeVisible();
});

test("account: an admin hands out a one-time reset link from /admin, and it sets the user's password", async ({
  page,
  browser,
  baseURL,
  db,
}) => {
  test.slow();
  const admin = await signedInUser(page, "linkadmin");
  await db.user.update({ where: { id: admin.id }, data: { role: "ADMIN" } });
  const user = await registerUser(page, newCredentials("locked_out"));
  await page.goto("/admin");
  await page.getByRole("searchbox", { name: "Search users" }).fill(user.username);
  await page.getByRole("button", { name: `Reset link for ${user.username}` }).click();
  const url = await page.getByLabel("Reset link", { exact: true }).inputValue();
  expect(url).toMatch(/\/reset-password#token=[A-Za-z0-9_-]{43}$/);

  const theirs = await browser.newContext({ baseURL });
  const them = await theirs.newPage();
  await them.goto(url);
  await waitForForms(them);
  const newPassword = `handed-over-${user.password}`;
  await them.getByLabel("New password").fill(newPassword);
  await them.getByRole("button", { name: "Set new password" }).click();
  await expect(them.getByTestId("reset-done")).toBeVisible();
  await signInViaUi(them, { username: user.username, password: newPassword });
  await theirs.close();
});
