// The security overview in a real browser: a burst of failed sign-ins from one address (sent
// from its own loopback address, so the app really sees a different client) shows at the top
// of the overview and in the current hour of the sign-in failure chart, at 1280 and 390 px, in
// both themes, with no serious axe violation, no CSP violation and no console error; the page
// does not exist for a non-admin and sends the anonymous to sign in.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import AxeBuilder from "@axe-core/playwright";
import { ARTIFACTS_DIR } from "../../fixtures/app";
import { expect, RELAXED_LIMITS, signedInUser, test, type Page } from "../../fixtures/ui";

// A server of its own (a new worker, a fresh database), so the overview holds this spec's events
// only and "the spike is at the top" does not depend on what earlier specs did from 127.0.0.1.
test.use({ appEnv: { ...RELAXED_LIMITS, METRICS_TOKEN: "security-spec-".repeat(4) } });

const SCREENSHOTS_DIR = `${ARTIFACTS_DIR}screenshots/`;
const SPIKE = 8;
const HOUR = 60 * 60 * 1000;

/** A failed token login (REST) sent from `localAddress` (any of 127/8 reaches the server on lo). */
function failedLoginFrom(appUrl: string, localAddress: string, username: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${appUrl}/api/v1/auth/login`,
      { method: "POST", headers: { "content-type": "application/json" }, localAddress },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify({ username, password: "not the password at all" }));
  });
}

async function checkAxe(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    label,
  ).toEqual([]);
}

test("admin security: a spike of failed sign-ins from one address tops the overview and shows in this hour's chart, at 1280 and 390 px, light and dark", async ({
  page,
  db,
  app,
  pageProblems,
}) => {
  test.setTimeout(180_000);
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const admin = await signedInUser(page, "secadmin");
  await db.user.update({ where: { id: admin.id }, data: { role: "ADMIN" } });

  // Some background over the week from other addresses, fewer each than the spike.
  const now = Date.now();
  await db.auditEvent.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      action: ["auth.login.failure", "ratelimit.blocked", "csrf.blocked", "authz.denied"][i % 4]!,
      ip: `203.0.113.${i % 12}`,
      createdAt: new Date(now - ((i * 37) % 160) * HOUR - 5 * 60 * 1000),
    })),
  });

  // The spike: SPIKE failed sign-ins from one address, through the real login endpoint.
  const spikeIp = `127.${1 + (randomBytes(1)[0]! % 250)}.${randomBytes(1)[0]! % 250}.${2 + (randomBytes(1)[0]! % 250)}`;
  const name = `nobody_${randomBytes(4).toString("hex")}`;
  for (let i = 0; i < SPIKE; i++) expect(await failedLoginFrom(app.url, spikeIp, name)).toBe(401);
  // Security events are written in the background: wait until the eighth row is there.
  await expect
    .poll(() => db.auditEvent.count({ where: { ip: spikeIp, action: "auth.login.failure" } }))
    .toBe(SPIKE);

  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const { width, height } of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize({ width, height });
      await page.goto("/admin/security");
      await expect(
        page.getByRole("heading", { name: "Security overview", level: 1 }),
      ).toBeVisible();
      if (theme === "dark") await expect(page.locator("html")).toHaveClass(/\bdark\b/);
      // Reached from the admin area's own navigation.
      await expect(
        page
          .getByRole("navigation", { name: "Admin" })
          .getByRole("link", { name: "Security overview" }),
      ).toHaveAttribute("aria-current", "page");

      // The spike's address is the first row, with its sign-in failures.
      const first = page.getByTestId("top-addresses").getByRole("row").nth(1);
      await expect(first).toHaveAttribute("data-ip", spikeIp);
      await expect(first.getByRole("cell").nth(0)).toHaveText(spikeIp);
      await expect(first.getByRole("cell").nth(2)).toHaveText(String(SPIKE));

      // The 24-hour sign-in failure chart: an image whose description names this hour's count.
      const chart = page.getByTestId("chart-day-signInFailures");
      await expect(chart).toHaveAttribute("data-current-hour", /^\d+$/);
      expect(Number(await chart.getAttribute("data-current-hour"))).toBeGreaterThanOrEqual(SPIKE);
      await expect(
        chart.getByRole("img", { name: "Sign-in failures per hour, last 24 hours" }),
      ).toHaveAccessibleDescription(/this hour: \d+/);

      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
      await checkAxe(page, `${theme} at ${width} px`);
      await page.screenshot({
        path: `${SCREENSHOTS_DIR}admin-security-${width}-${theme}.png`,
        fullPage: true,
        animations: "disabled",
      });
    }
  }
  expect(pageProblems).toEqual([]);
});

test("admin security: a non-admin gets the not-found page and 403 from the API; the anonymous are sent to sign in", async ({
  page,
  browser,
  baseURL,
}) => {
  const anonymous = await browser.newContext({ baseURL });
  try {
    const anon = await anonymous.newPage();
    await anon.goto("/admin/security");
    await expect(anon).toHaveURL(/\/login\?callbackUrl=%2Fadmin%2Fsecurity$/);
  } finally {
    await anonymous.close();
  }

  await signedInUser(page, "plain");
  await expect(page.getByRole("link", { name: "Security overview" })).toHaveCount(0);
  const response = await page.goto("/admin/security");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("Top source addresses")).toHaveCount(0);
  for (const path of ["/api/v1/admin/security", "/api/trpc/admin.security.get"]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(403);
    expect(await res.text(), path).not.toContain("signInFailures");
  }
});
