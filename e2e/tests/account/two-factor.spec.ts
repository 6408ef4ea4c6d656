// Two factors in the browser: enrol an authenticator app from the settings page (the secret is
// read from the page and codes are computed here with the same RFC 6238 library), sign out,
// sign in with password + code and with a recovery code; then add a passkey with Chromium's
// virtual authenticator (DevTools protocol), sign in with it alone, remove it, and see the
// passkey sign-in refused.
import { Secret, TOTP } from "otpauth";
import { expect, registerUser, test, waitForForms, type Page } from "../../fixtures/ui";

const codeAt = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

async function passwordStep(page: Page, username: string, password: string) {
  await page.goto("/login");
  await waitForForms(page);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("two-factor: enrol with the QR page, sign in with a code, then with a recovery code", async ({
  page,
  db,
}) => {
  const user = await registerUser(page);
  await passwordStep(page, user.username, user.password);
  await expect(page.getByTestId("current-user")).toContainText(user.username);

  await page.goto("/settings/account");
  await expect(page.getByTestId("two-factor-status")).toContainText("off");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByTestId("two-factor-qr")).toBeVisible();
  const secret = (await page.getByTestId("two-factor-secret").innerText()).trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("That code is not valid.")).toBeVisible();
  await page.getByLabel("Code from the app").fill(codeAt(secret, -1));
  await page.getByRole("button", { name: "Turn on" }).click();
  const codes = page.getByTestId("recovery-codes").locator("li");
  await expect(codes).toHaveCount(10);
  const recoveryCodes = await codes.allInnerTexts();
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByTestId("two-factor-status")).toContainText("on");
  const row = await db.twoFactor.findUniqueOrThrow({ where: { userId: user.id } });
  expect(row.secretEnc).not.toContain(secret);

  // The password alone no longer signs in: the form asks for the code, and no session exists.
  await signOut(page);
  await passwordStep(page, user.username, user.password);
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveCount(0);
  await page.getByLabel("Authentication code").fill("000000");
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByText("That code is not valid.")).toBeVisible();
  await page.getByLabel("Authentication code").fill(codeAt(secret, 0));
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(user.username);

  // A recovery code instead of the app.
  await signOut(page);
  await passwordStep(page, user.username, user.password);
  await page.getByLabel("Authentication code").fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(user.username);
  expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(
    1,
  );
});

test("passkeys: add one with a virtual authenticator, sign in with it alone, remove it, and it is refused", async ({
  page,
  context,
  db,
}) => {
  // Chromium's virtual authenticator: a platform passkey with user verification (a "screen lock").
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  const user = await registerUser(page);
  await passwordStep(page, user.username, user.password);
  await expect(page.getByTestId("current-user")).toContainText(user.username);
  await page.goto("/settings/account");
  await page.getByLabel("Passkey name").fill("Test laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("passkey-row")).toHaveCount(1);
  await expect(page.getByTestId("passkey-row")).toContainText("Test laptop");
  const stored = await db.passkey.findFirstOrThrow({ where: { userId: user.id } });
  expect(stored.transports.length).toBeGreaterThanOrEqual(0);
  expect(await db.webAuthnChallenge.count({ where: { userId: user.id } })).toBe(0);

  // Sign out and sign in with the passkey alone (no username, no password).
  await signOut(page);
  await waitForForms(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByTestId("current-user")).toContainText(user.username);
  const used = await db.passkey.findUniqueOrThrow({ where: { id: stored.id } });
  expect(used.lastUsedAt).not.toBeNull();
  expect(
    await db.auditEvent.count({ where: { action: "auth.passkey.login", actorId: user.id } }),
  ).toBe(1);

  // Remove it: the authenticator still holds the credential, but the server no longer accepts it.
  await page.goto("/settings/account");
  await page.getByRole("button", { name: /^Remove/ }).click();
  await page.getByRole("button", { name: "Remove passkey" }).click();
  await expect(page.getByText("No passkeys yet.")).toBeVisible();
  expect(await db.passkey.count({ where: { userId: user.id } })).toBe(0);
  await signOut(page);
  await waitForForms(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByText("This passkey could not be verified.")).toBeVisible();
  await expect(page.getByTestId("current-user")).toHaveCount(0);
});
