import { expect, signedInUser, test } from "../../fixtures/ui";

test("isolation: two users in two browser contexts never see each other's tasks, by list, URL or API", async ({
  browser,
  baseURL,
  db,
}) => {
  const aliceContext = await browser.newContext({ baseURL });
  const bobContext = await browser.newContext({ baseURL });
  const alicePage = await aliceContext.newPage();
  const bobPage = await bobContext.newPage();
  try {
    const alice = await signedInUser(alicePage, "alice");
    const bob = await signedInUser(bobPage, "bob");

    await alicePage.getByLabel("Title").fill("Alice secret plan");
    await alicePage.getByRole("button", { name: "Add task" }).click();
    await expect(alicePage.getByTestId("task-row")).toContainText("Alice secret plan");
    await bobPage.getByLabel("Title").fill("Bob grocery list");
    await bobPage.getByRole("button", { name: "Add task" }).click();
    await expect(bobPage.getByTestId("task-row")).toContainText("Bob grocery list");

    const aliceTask = await db.task.findFirstOrThrow({ where: { ownerId: alice.id } });

    // Lists: each sees only their own, also when searching for the other's words.
    await bobPage.reload();
    await expect(bobPage.getByTestId("task-row")).toHaveCount(1);
    await expect(bobPage.getByText("Alice secret plan")).toHaveCount(0);
    await bobPage.goto("/tasks?q=secret");
    await expect(bobPage.getByTestId("tasks-empty")).toBeVisible();
    await alicePage.reload();
    await expect(alicePage.getByTestId("task-row")).toHaveCount(1);
    await expect(alicePage.getByText("Bob grocery list")).toHaveCount(0);

    // By URL: Bob's session asking for Alice's task id gets 404 from REST and NOT_FOUND from tRPC.
    const rest = await bobPage.request.get(`/api/v1/tasks/${aliceTask.id}`);
    expect(rest.status()).toBe(404);
    expect(await rest.text()).not.toContain("Alice secret plan");
    const trpc = await bobPage.request.get(
      `/api/trpc/task.get?input=${encodeURIComponent(JSON.stringify({ id: aliceTask.id }))}`,
    );
    expect(trpc.status()).toBe(404);
    expect(await trpc.text()).not.toContain("Alice secret plan");
    const patch = await bobPage.request.patch(`/api/v1/tasks/${aliceTask.id}`, {
      data: { title: "Hijacked" },
      headers: { origin: new URL(baseURL!).origin },
    });
    expect(patch.status()).toBe(404);
    const del = await bobPage.request.delete(`/api/v1/tasks/${aliceTask.id}`, {
      headers: { origin: new URL(baseURL!).origin },
    });
    expect(del.status()).toBe(404);

    // Alice's task is untouched.
    expect(await db.task.findUniqueOrThrow({ where: { id: aliceTask.id } })).toMatchObject({
      title: "Alice secret plan",
      ownerId: alice.id,
    });
    expect(await db.task.count({ where: { ownerId: bob.id } })).toBe(1);
  } finally {
    await aliceContext.close();
    await bobContext.close();
  }
});
