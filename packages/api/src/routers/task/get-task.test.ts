import { describe, expect, it } from "vitest";
import { callerFor, errorOf, signedInUser, tokenPrincipal, useTestDatabase } from "../../test";

describe("task.get", () => {
  const db = useTestDatabase();

  it("tasks: get returns the caller's task with exactly the Task fields (no ownerId)", async () => {
    const { principal } = await signedInUser(db());
    const caller = callerFor(db(), principal);
    const created = await caller.task.create({ title: "Water plants", description: "the ferns" });
    const task = await caller.task.get({ id: created.id });
    expect(task).toEqual(created);
    expect(task).not.toHaveProperty("ownerId");
  });

  it("tasks: another user's task is NOT_FOUND on get, with the same message as a task that does not exist", async () => {
    const owner = await signedInUser(db());
    const task = await callerFor(db(), owner.principal).task.create({ title: "Private" });
    const intruder = await signedInUser(db());

    const foreign = await errorOf(callerFor(db(), intruder.principal).task.get({ id: task.id }));
    const missing = await errorOf(
      callerFor(db(), intruder.principal).task.get({ id: "does-not-exist" }),
    );
    expect(foreign).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
    // Nothing in the answer tells "someone else's" apart from "no such task".
    expect(foreign.message).toBe(missing.message);
    expect(missing.code).toBe("NOT_FOUND");
  });

  it("tasks: an admin gets no other user's task through the task router either", async () => {
    const owner = await signedInUser(db());
    const task = await callerFor(db(), owner.principal).task.create({ title: "Mine only" });
    const admin = await signedInUser(db(), { role: "ADMIN" });
    expect(await errorOf(callerFor(db(), admin.principal).task.get({ id: task.id }))).toMatchObject(
      { code: "NOT_FOUND" },
    );
  });

  it("tasks: anonymous get is UNAUTHORIZED", async () => {
    const owner = await signedInUser(db());
    const task = await callerFor(db(), owner.principal).task.create({ title: "Hidden" });
    expect(await errorOf(callerFor(db(), null).task.get({ id: task.id }))).toMatchObject({
      code: "UNAUTHORIZED",
      httpStatus: 401,
    });
  });

  it("tasks: a tasks:read token can get its owner's task", async () => {
    const { user, principal } = await signedInUser(db());
    const task = await callerFor(db(), principal).task.create({ title: "Readable" });
    const token = await tokenPrincipal(db(), user, ["tasks:read"]);
    expect(await callerFor(db(), token).task.get({ id: task.id })).toEqual(task);
  });

  it("tasks: a token without tasks:read cannot get (FORBIDDEN)", async () => {
    const { user, principal } = await signedInUser(db());
    const task = await callerFor(db(), principal).task.create({ title: "Write only" });
    const token = await tokenPrincipal(db(), user, ["tasks:write"]);
    expect(await errorOf(callerFor(db(), token).task.get({ id: task.id }))).toMatchObject({
      code: "FORBIDDEN",
      httpStatus: 403,
    });
  });

  it.each([
    [{}, "id"],
    [{ id: "" }, "id"],
    [{ id: "x", ownerId: "y" }, "ownerId"],
  ])("tasks: get with %j is BAD_REQUEST on %s", async (input, field) => {
    const { principal } = await signedInUser(db());
    const error = await errorOf(callerFor(db(), principal).task.get(input as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.fields ?? {})).toEqual([field]);
  });
});
