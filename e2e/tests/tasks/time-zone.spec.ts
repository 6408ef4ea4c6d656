import { expect, signedInUser, test, waitForForms } from "../../fixtures/ui";

// Auckland is 13 hours ahead of UTC in March (daylight saving): 20:00 UTC on 10 March is
// 09:00 on 11 March there, so the date alone tells which zone a page wrote.
const ZONE = "Pacific/Auckland";
const year = new Date().getUTCFullYear() + 1;
const dueAt = `${year}-03-10T20:00:00.000Z`;

test.use({ timezoneId: ZONE });

test("tasks: the server writes dates in the viewer's time zone (named by the tz cookie) before the list's JavaScript loads, the same as the live page; a forged zone falls back to UTC", async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  // Signing in passes through /login, whose head script names the browser's zone in a cookie.
  await signedInUser(page, "zone");
  expect((await context.cookies()).find((c) => c.name === "tz")?.value).toBe(
    encodeURIComponent(ZONE),
  );
  const origin = new URL((await page.request.get("/api/health")).url()).origin;
  const created = await page.request.post("/api/v1/tasks", {
    data: { title: "Board meeting", dueAt },
    headers: { origin },
  });
  expect(created.status(), await created.text()).toBe(201);

  // The server's HTML alone: a browser with JavaScript off, holding the same cookies.
  const storageState = await context.storageState();
  const serverOnly = await browser.newContext({
    baseURL,
    storageState,
    timezoneId: ZONE,
    javaScriptEnabled: false,
  });
  try {
    const html = await serverOnly.newPage();
    await html.goto("/tasks");
    const row = html.getByTestId("task-row").filter({ hasText: "Board meeting" });
    await expect(row.getByTestId("task-due")).toHaveText(`Due 11 Mar ${year}`);
    await expect(row.locator("time")).not.toContainText("UTC");

    // The live page says the same: nothing changes when its JavaScript takes over.
    await page.goto("/tasks");
    await waitForForms(page);
    const liveRow = page.getByTestId("task-row").filter({ hasText: "Board meeting" });
    await expect(liveRow.getByTestId("task-due")).toHaveText(`Due 11 Mar ${year}`);
    await expect(liveRow.locator("time")).toHaveText(await row.locator("time").innerText());

    // A zone cookie is the browser's to send: an unknown or broken one means UTC, not an error.
    const host = new URL(baseURL ?? origin).hostname;
    for (const forged of ["Mars%2FOlympus_Mons", "%E0%A4%A", "Europe%2FLisbon%3Cscript%3E"]) {
      await serverOnly.addCookies([{ name: "tz", value: forged, domain: host, path: "/" }]);
      const answer = await html.goto("/tasks");
      expect(answer?.status()).toBe(200);
      await expect(row.getByTestId("task-due")).toHaveText(`Due ${year}-03-10 20:00 UTC`);
    }
  } finally {
    await serverOnly.close();
  }
});
