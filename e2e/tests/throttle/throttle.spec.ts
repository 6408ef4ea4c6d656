import { expect, newCredentials, registerUser, test, waitForForms } from "../../fixtures/ui";

// A server of its own (a new worker) with low limits: 3 sign-ins per 15 minutes per IP, 20 user requests a minute.
// The user-limit test runs first: it spends 2 of the sign-in budget (register, sign in).
test.use({
  appEnv: { RATE_LIMIT_AUTH: "3/15m", RATE_LIMIT_USER: "20/1m", RATE_LIMIT_ANON: "1000/1m" },
});

test("throttle: a signed-in user over the limit sees the throttle message with its wait time on the task page", async ({
  page,
  db,
}) => {
  // Registered and signed in by the API and the database, so the low sign-in limit is not spent here.
  const user = await registerUser(page, newCredentials("busy"));
  await db.task.create({ data: { ownerId: user.id, title: "Something to toggle" } });
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signIn = await page.request.post("/api/auth/callback/credentials", {
    form: {
      csrfToken: csrf.csrfToken,
      username: user.username,
      password: user.password,
      json: "true",
    },
  });
  expect(signIn.ok()).toBe(true);
  await page.goto("/tasks");
  await waitForForms(page);
  // Spend the rest of this minute's budget from the same session.
  for (let i = 0; i < 25; i++) await page.request.get("/api/trpc/task.list");
  await page.getByLabel("Completed: Something to toggle").click();
  const alert = page.getByRole("alert").filter({ hasText: "Could not change" });
  // The wait as a person says it ("about 40 seconds"), not raw seconds.
  await expect(alert).toContainText(
    /Too many requests\. Try again in (a few seconds|about \d+ seconds|about a minute)\./,
  );
  await expect(page.getByLabel("Completed: Something to toggle")).not.toBeChecked();
});

test("throttle: sign-in over the limit shows the throttle message with its wait time, and keeps what was typed", async ({
  page,
}) => {
  const nobody = newCredentials("nobody");
  await page.goto("/login");
  await waitForForms(page);
  await page.getByLabel("Username").fill(nobody.username);
  await page.getByLabel("Password").fill(nobody.password);
  const alert = page.getByRole("alert").filter({ hasText: /\S/ });
  const throttled =
    /^Too many requests\. Try again in (a few seconds|about (\d+|a) (seconds|minutes?))\.$/;
  // Failed attempts until the per-IP sign-in budget (3, partly spent by the test before) runs out.
  let failures = 0;
  for (;;) {
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(alert).toHaveText(/Invalid username or password\.|Too many requests/);
    if (throttled.test((await alert.textContent()) ?? "")) break;
    failures++;
    expect(failures).toBeLessThanOrEqual(3);
    await page.getByLabel("Password").fill(`${nobody.password}${failures}`);
  }
  await expect(alert).toHaveText(throttled);
  await expect(page.getByLabel("Username")).toHaveValue(nobody.username);
});
