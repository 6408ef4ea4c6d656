import { expect, newCredentials, registerUser, test, waitForForms } from "../../fixtures/ui";

test("register: the server's answers land under their fields and what was typed stays", async ({
  page,
  db,
}) => {
  const taken = await registerUser(page, newCredentials("taken"));
  const me = newCredentials("fresh");
  await page.goto("/register");
  await waitForForms(page);

  // Rules the browser cannot check (the common-password list lives on the server) come back as field errors.
  await page.getByLabel("Username").fill(me.username);
  await page.getByLabel("Password").fill("password1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#register-password-error")).toHaveText("This password is too common.");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  // The field the server refused gets the focus, as one the browser refused would.
  await expect(page.getByLabel("Password")).toBeFocused();
  await expect(page.getByLabel("Username")).toHaveValue(me.username);
  // Editing the field clears the server's message for it.
  await page.getByLabel("Password").fill(me.password);
  await expect(page.locator("#register-password-error")).toHaveText("");

  // A taken username (case-insensitively) is reported on the username field.
  await page.getByLabel("Username").fill(taken.username.toUpperCase());
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#register-username-error")).toHaveText(
    "This username is not available.",
  );
  await expect(page.getByLabel("Password")).toHaveValue(me.password);

  // The password may not be the username: the shared schema says so while typing.
  await page.getByLabel("Username").fill(me.username);
  await page.getByLabel("Password").fill(me.username);
  await expect(page.locator("#register-password-error")).toHaveText(
    "Password must not be the same as the username.",
  );
  await page.getByLabel("Password").fill(me.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  expect(await db.user.count({ where: { username: me.username } })).toBe(1);
});

test("login: no single sign-on button when no OIDC provider is configured", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in with single sign-on" })).toHaveCount(0);
});
