import { expect, signedInUser, test } from "../../fixtures/ui";

// A sibling site or a script cannot plant a second session cookie: the production cookie is
// __Host- (this origin only, Path=/, Secure) and HttpOnly. Tried from the page itself, with an
// attacker's valid session in hand, the planted cookie never reaches the server, and the
// victim's writes stay in the victim's account.
test("cookie tossing: a planted session cookie (script, other path, Domain) is refused by the browser; writes stay the victim's", async ({
  page,
  browser,
  db,
  pageProblems,
}) => {
  const attackerContext = await browser.newContext();
  const attackerPage = await attackerContext.newPage();
  const attacker = await signedInUser(attackerPage, "attacker");
  const attackerCookie = (await attackerContext.cookies()).find((c) =>
    c.name.endsWith("next-auth.session-token"),
  )!;
  expect(attackerCookie.name).toBe("__Host-next-auth.session-token");
  expect(attackerCookie.httpOnly).toBe(true);
  expect(attackerCookie.secure).toBe(true);
  await attackerContext.close();

  const victim = await signedInUser(page, "victim");
  const name = attackerCookie.name;
  // From script: an HttpOnly cookie of that name cannot be overwritten or shadowed, whatever the path.
  await page.evaluate(
    ({ name, value }) => {
      for (const attrs of ["path=/; secure", "path=/tasks; secure", "path=/api; secure"])
        document.cookie = `${name}=${value}; ${attrs}`;
    },
    { name, value: attackerCookie.value },
  );
  // With a Domain (what a sibling subdomain would send): a __Host- cookie may not have one.
  const url = new URL(page.url());
  await page
    .context()
    .addCookies([
      {
        name,
        value: attackerCookie.value,
        domain: url.hostname,
        path: "/api",
        secure: true,
        httpOnly: true,
        sameSite: "Lax",
      },
    ])
    .catch(() => {});
  const sent = (await page.context().cookies()).filter((c) => c.name === name);
  expect(sent.map((c) => c.path)).toEqual(["/"]);
  expect(sent[0]!.value).not.toBe(attackerCookie.value);

  // A write now lands in the victim's account, never the attacker's.
  await page.goto("/tasks");
  await page.getByLabel("Title").fill("Victim private note");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect
    .poll(() => db.task.count({ where: { ownerId: victim.id, title: "Victim private note" } }))
    .toBe(1);
  expect(await db.task.count({ where: { ownerId: attacker.id } })).toBe(0);
  expect(pageProblems).toEqual([]);
});
