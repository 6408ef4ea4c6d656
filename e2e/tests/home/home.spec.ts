import { ARTIFACTS_DIR, expect, test } from "../../fixtures/app";

test("home: the page loads and shows the public procedure's answer, with no console errors or CSP violations", async ({ page, pageProblems }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-security-policy"]).toMatch(/'nonce-[^']+' 'strict-dynamic'/);

  // The text only appears after the browser called health.ping through the tRPC client.
  await expect(page.getByTestId("api-status")).toContainText("API: pong");
  await page.screenshot({ path: `${ARTIFACTS_DIR}home.png`, fullPage: true });

  expect(pageProblems).toEqual([]);
});
