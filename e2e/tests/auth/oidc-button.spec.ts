import { expect, RELAXED_LIMITS, test } from "../../fixtures/ui";

// A server of its own with an OIDC provider configured (never contacted: only the button is checked here;
// the sign-in itself is covered by the identity tests against oidc-provider).
test.use({
  appEnv: {
    ...RELAXED_LIMITS,
    AUTH_OIDC_ISSUER: "http://127.0.0.1:9/issuer",
    AUTH_OIDC_CLIENT_ID: "taskfort",
    AUTH_OIDC_CLIENT_SECRET: "not-a-real-secret",
  },
});

test("login: the single sign-on button appears when an OIDC provider is configured", async ({
  page,
}) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in with single sign-on" })).toBeVisible();
});
