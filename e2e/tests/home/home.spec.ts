import { expect, test } from "../../fixtures/app";

test("home: / sends a visitor to sign in, with the nonce CSP, no console errors and no CSP violations", async ({ page, pageProblems }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/login$/);
  expect(response?.headers()["content-security-policy"]).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  expect(pageProblems).toEqual([]);
});
