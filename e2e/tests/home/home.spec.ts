import { ARTIFACTS_DIR, expect, test } from "../../fixtures/app";

test("home: an anonymous visit to / lands on /login, which renders under the nonce CSP with no console errors or CSP violations", async ({
  page,
  pageProblems,
}) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/login$/);
  expect(response?.headers()["content-security-policy"]).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
  expect(response?.headers()["x-request-id"]).toBeTruthy();

  await expect(page.getByLabel("Username")).toBeVisible();
  // React attached itself to the server-rendered page: the framework scripts ran under the nonce
  // CSP (a blocked script would leave the markup without React's internal keys). The form's own
  // code loads once someone is there (a pointer moves), and then React owns the form too.
  const isReacts = (selector: string) =>
    page.waitForFunction((s) => {
      const element = document.querySelector(s);
      return element !== null && Object.keys(element).some((key) => key.startsWith("__reactFiber"));
    }, selector);
  await isReacts("main");
  await page.mouse.move(1, 1);
  await isReacts("form");
  await page.screenshot({ path: `${ARTIFACTS_DIR}home.png`, fullPage: true });

  expect(pageProblems).toEqual([]);
});
