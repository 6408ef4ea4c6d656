import { describe, expect, expectTypeOf, it } from "vitest";
import type { RouterInputs } from "../../index";
import { callerFor, errorOf, signedInUser, tokenPrincipal, useTestDatabase } from "../../test";

describe("task.update", () => {
  const db = useTestDatabase();

  async function ownedTask() {
    const owner = await signedInUser(db());
    const caller = callerFor(db(), owner.principal);
    const task = await caller.task.create({ title: "Original title", description: "original" });
    const row = await db().task.findUniqueOrThrow({ where: { id: task.id } });
    return { owner, caller, task, row };
  }
  const rowOf = (id: string) => db().task.findUnique({ where: { id } });

  it("tasks: update changes only the fields in data and returns the Task", async () => {
    const { caller, task } = await ownedTask();
    const updated = await caller.task.update({ id: task.id, data: { completed: true } });
    expect(updated).toMatchObject({
      id: task.id,
      title: "Original title",
      description: "original",
      completed: true,
      createdAt: task.createdAt,
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(task.updatedAt));

    const renamed = await caller.task.update({
      id: task.id,
      data: { title: "  Renamed  ", description: "" },
    });
    expect(renamed).toMatchObject({ title: "Renamed", description: "", completed: true });
    expect(await rowOf(task.id)).toMatchObject({
      title: "Renamed",
      description: "",
      completed: true,
    });
  });

  it("tasks: update's tRPC input type is { id, data }, checked by tsc", () => {
    type Input = RouterInputs["task"]["update"];
    expectTypeOf<Input>().toEqualTypeOf<{
      id: string;
      expectedVersion?: number;
      data: {
        title?: string | undefined;
        description?: string | undefined;
        completed?: boolean | undefined;
        dueAt?: string | null | undefined;
        priority?: number | undefined;
        labels?: string[] | undefined;
      };
    }>();
  });

  it("tasks: update also takes the REST shape { id, ...fields } through the same procedure", async () => {
    const { caller, task } = await ownedTask();
    const updated = await caller.task.update({ id: task.id, title: "Flat body" } as never);
    expect(updated.title).toBe("Flat body");
  });

  it.each([
    ["empty", "", ["This field is required."]],
    ["blank", "   ", ["This field is required."]],
    ["null", null, ["This field is required."]],
    ["two characters", "ab", ["Title must be at least 3 characters long."]],
    ["201 characters", "b".repeat(201), ["Title must be at most 200 characters long."]],
    ["punctuation", "Renamed?", ["Title must be alphanumeric with optional spaces."]],
  ])(
    "tasks: updating to a title that is %s is BAD_REQUEST with the contract's message and changes nothing",
    async (_case, title, messages) => {
      const { caller, task, row } = await ownedTask();
      const error = await errorOf(caller.task.update({ id: task.id, data: { title } } as never));
      expect(error).toMatchObject({
        code: "BAD_REQUEST",
        httpStatus: 400,
        fields: { title: messages },
      });
      expect(Object.keys(error.fields ?? {})).toEqual(["title"]);
      expect(await rowOf(task.id)).toEqual(row);
    },
  );

  it("tasks: a description over 10,000 characters is BAD_REQUEST on update", async () => {
    const { caller, task, row } = await ownedTask();
    const error = await errorOf(
      caller.task.update({ id: task.id, data: { description: "y".repeat(10_001) } }),
    );
    expect(error).toMatchObject({
      code: "BAD_REQUEST",
      fields: { description: ["Description must be at most 10,000 characters long."] },
    });
    expect(await rowOf(task.id)).toEqual(row);
  });

  it("tasks: an update with nothing to change is BAD_REQUEST", async () => {
    const { caller, task, row } = await ownedTask();
    const error = await errorOf(caller.task.update({ id: task.id, data: {} }));
    expect(error).toMatchObject({
      code: "BAD_REQUEST",
      fields: {
        _: ["Send at least one of title, description, completed, dueAt, priority or labels."],
      },
    });
    expect(await rowOf(task.id)).toEqual(row);
  });

  it.each([["ownerId"], ["role"], ["createdAt"]])(
    "tasks: update rejects the unknown field %s in data with BAD_REQUEST and changes nothing",
    async (field) => {
      const { caller, task, row } = await ownedTask();
      const other = await signedInUser(db());
      const error = await errorOf(
        caller.task.update({
          id: task.id,
          data: { title: "Hijack", [field]: other.user.id },
        }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(Object.keys(error.fields ?? {})).toEqual([field]);
      expect(await rowOf(task.id)).toEqual(row);
    },
  );

  it("tasks: update rejects an id inside data (the id cannot be changed) and changes nothing", async () => {
    const { caller, task, row } = await ownedTask();
    const error = await errorOf(
      caller.task.update({ id: task.id, data: { id: "new-id", title: "Moved" } } as never),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(await rowOf(task.id)).toEqual(row);
    expect(await rowOf("new-id")).toBeNull();
  });

  it('tasks: completed must be a JSON boolean on update: the string "false" is BAD_REQUEST', async () => {
    const { caller, task, row } = await ownedTask();
    const error = await errorOf(
      caller.task.update({ id: task.id, data: { completed: "false" } } as never),
    );
    expect(error).toMatchObject({
      code: "BAD_REQUEST",
      fields: { completed: [expect.any(String)] },
    });
    expect(await rowOf(task.id)).toEqual(row);
  });

  it("tasks: another user's task is NOT_FOUND on update and the row is unchanged", async () => {
    const { task, row } = await ownedTask();
    const intruder = await signedInUser(db());
    const intruderCaller = callerFor(db(), intruder.principal);
    const foreign = await errorOf(
      intruderCaller.task.update({ id: task.id, data: { title: "Pwned", completed: true } }),
    );
    const missing = await errorOf(
      intruderCaller.task.update({ id: "does-not-exist", data: { title: "Pwned" } }),
    );
    expect(foreign).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
    expect(foreign.message).toBe(missing.message);
    expect(await rowOf(task.id)).toEqual(row);
  });

  it("tasks: anonymous update is UNAUTHORIZED and the row is unchanged", async () => {
    const { task, row } = await ownedTask();
    expect(
      await errorOf(
        callerFor(db(), null).task.update({ id: task.id, data: { title: "Anonymous" } }),
      ),
    ).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
    expect(await rowOf(task.id)).toEqual(row);
  });

  it("tasks: a tasks:read token cannot update (FORBIDDEN) and the row is unchanged", async () => {
    const { owner, task, row } = await ownedTask();
    const token = await tokenPrincipal(db(), owner.user, ["tasks:read"]);
    expect(
      await errorOf(callerFor(db(), token).task.update({ id: task.id, data: { completed: true } })),
    ).toMatchObject({ code: "FORBIDDEN", httpStatus: 403 });
    expect(await rowOf(task.id)).toEqual(row);
  });

  it("tasks: a tasks:write token can update its owner's task", async () => {
    const { owner, task } = await ownedTask();
    const token = await tokenPrincipal(db(), owner.user, ["tasks:write"]);
    await callerFor(db(), token).task.update({ id: task.id, data: { completed: true } });
    expect(await rowOf(task.id)).toMatchObject({ completed: true });
  });
});
