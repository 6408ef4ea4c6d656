import { describe, expect, it } from "vitest";
import { callerFor, errorOf, signedInUser, tokenPrincipal, useTestDatabase } from "../../test";

describe("task.delete", () => {
  const db = useTestDatabase();

  async function ownedTask() {
    const owner = await signedInUser(db());
    const task = await callerFor(db(), owner.principal).task.create({ title: "Keep me" });
    const row = await db().task.findUniqueOrThrow({ where: { id: task.id } });
    return { owner, task, row };
  }

  it("tasks: delete moves the caller's task to the trash (gone from get and list) and returns nothing", async () => {
    const { owner, task } = await ownedTask();
    const caller = callerFor(db(), owner.principal);
    await expect(caller.task.delete({ id: task.id })).resolves.toBeUndefined();
    const row = await db().task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.version).toBe(2);
    expect(await errorOf(caller.task.get({ id: task.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await caller.task.list({})).total).toBe(0);
  });

  it("tasks: delete with permanent=true removes the row for good", async () => {
    const { owner, task } = await ownedTask();
    await callerFor(db(), owner.principal).task.delete({ id: task.id, permanent: true });
    expect(await db().task.findUnique({ where: { id: task.id } })).toBeNull();
  });

  it("tasks: another user's task is NOT_FOUND on delete and the row is still there", async () => {
    const { task, row } = await ownedTask();
    const intruder = await signedInUser(db());
    const error = await errorOf(callerFor(db(), intruder.principal).task.delete({ id: task.id }));
    expect(error).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
    expect(await db().task.findUnique({ where: { id: task.id } })).toEqual(row);
  });

  it("tasks: deleting a task that does not exist (or was already deleted) is NOT_FOUND", async () => {
    const { owner, task } = await ownedTask();
    const caller = callerFor(db(), owner.principal);
    await caller.task.delete({ id: task.id });
    expect(await errorOf(caller.task.delete({ id: task.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("tasks: 10 deletes of one task at once: one succeeds, the other nine are NOT_FOUND (never PRECONDITION_FAILED or a 500), trashed once", async () => {
    const { owner, task } = await ownedTask();
    const caller = callerFor(db(), owner.principal);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        errorOf(caller.task.delete({ id: task.id })).then(
          (error) => error.code,
          () => "deleted",
        ),
      ),
    );
    expect(outcomes.sort()).toEqual([...Array.from({ length: 9 }, () => "NOT_FOUND"), "deleted"]);
    const row = await db().task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row.version).toBe(2);
  });

  it("tasks: anonymous delete is UNAUTHORIZED and the row is still there", async () => {
    const { task, row } = await ownedTask();
    expect(await errorOf(callerFor(db(), null).task.delete({ id: task.id }))).toMatchObject({
      code: "UNAUTHORIZED",
      httpStatus: 401,
    });
    expect(await db().task.findUnique({ where: { id: task.id } })).toEqual(row);
  });

  it("tasks: a tasks:read token cannot delete (FORBIDDEN) and the row is still there", async () => {
    const { owner, task, row } = await ownedTask();
    const token = await tokenPrincipal(db(), owner.user, ["tasks:read"]);
    expect(await errorOf(callerFor(db(), token).task.delete({ id: task.id }))).toMatchObject({
      code: "FORBIDDEN",
      httpStatus: 403,
    });
    expect(await db().task.findUnique({ where: { id: task.id } })).toEqual(row);
  });

  it("tasks: a tasks:write token can delete its owner's task but not another user's", async () => {
    const mine = await ownedTask();
    const theirs = await ownedTask();
    const token = await tokenPrincipal(db(), mine.owner.user, ["tasks:write"]);
    const caller = callerFor(db(), token);
    await caller.task.delete({ id: mine.task.id });
    expect(
      (await db().task.findUniqueOrThrow({ where: { id: mine.task.id } })).deletedAt,
    ).toBeInstanceOf(Date);
    expect(await errorOf(caller.task.delete({ id: theirs.task.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await db().task.findUnique({ where: { id: theirs.task.id } })).toEqual(theirs.row);
  });
});
