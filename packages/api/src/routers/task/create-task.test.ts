import { describe, expect, it } from "vitest";
import { callerFor, errorOf, signedInUser, tokenPrincipal, useTestDatabase } from "../../test";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("task.create", () => {
  const db = useTestDatabase();
  const taskCount = (ownerId: string) => db().task.count({ where: { ownerId } });

  it("tasks: create stores a trimmed task owned by the caller and returns exactly the Task fields with ISO times", async () => {
    const { user, principal } = await signedInUser(db());
    const task = await callerFor(db(), principal).task.create({
      title: "  Buy milk  ",
      description: "two litres",
    });

    expect(Object.keys(task).sort()).toEqual([
      "completed",
      "createdAt",
      "description",
      "dueAt",
      "id",
      "labels",
      "priority",
      "title",
      "updatedAt",
      "version",
    ]);
    expect(task).toMatchObject({ title: "Buy milk", description: "two litres", completed: false });
    expect(task.createdAt).toMatch(ISO);
    expect(task.updatedAt).toMatch(ISO);
    const row = await db().task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row).toMatchObject({
      ownerId: user.id,
      title: "Buy milk",
      description: "two litres",
      completed: false,
    });
    expect(row.createdAt.toISOString()).toBe(task.createdAt);
  });

  it("tasks: description and completed are optional and default to empty and false", async () => {
    const { principal } = await signedInUser(db());
    const task = await callerFor(db(), principal).task.create({
      title: "Call mum",
      completed: true,
    });
    expect(task).toMatchObject({ description: "", completed: true });
  });

  it.each([
    ["missing", undefined, ["This field is required."]],
    ["null", null, ["This field is required."]],
    ["empty", "", ["This field is required."]],
    ["blank (trimmed to empty)", "    ", ["This field is required."]],
    ["two characters", "ab", ["Title must be at least 3 characters long."]],
    ["two characters once trimmed", "  ab  ", ["Title must be at least 3 characters long."]],
    ["201 characters", "a".repeat(201), ["Title must be at most 200 characters long."]],
    ["punctuation", "Buy milk!", ["Title must be alphanumeric with optional spaces."]],
    ["a tab", "Buy\tmilk", ["Title must be alphanumeric with optional spaces."]],
    ["markup", "<b>bold</b>", ["Title must be alphanumeric with optional spaces."]],
    ["an emoji", "Party 🎉", ["Title must be alphanumeric with optional spaces."]],
    [
      "a combining mark with no letter before it",
      "\u0301abc",
      ["Title must be alphanumeric with optional spaces."],
    ],
    [
      "short and punctuated",
      "a!",
      [
        "Title must be at least 3 characters long.",
        "Title must be alphanumeric with optional spaces.",
      ],
    ],
  ])(
    "tasks: a title that is %s is BAD_REQUEST with the contract's message",
    async (_case, title, messages) => {
      const { user, principal } = await signedInUser(db());
      const error = await errorOf(callerFor(db(), principal).task.create({ title } as never));
      expect(error).toMatchObject({
        code: "BAD_REQUEST",
        httpStatus: 400,
        fields: { title: messages },
      });
      expect(Object.keys(error.fields ?? {})).toEqual(["title"]);
      expect(await taskCount(user.id)).toBe(0);
    },
  );

  it.each([
    "Ünïcødé 123",
    "任务 一",
    "Задача 42",
    "कार्य सूची",
    "Cafe\u0301 decomposed",
    "abc",
    "a".repeat(200),
  ])(
    "tasks: the title %j (letters and digits of any script, 3 to 200) is accepted",
    async (title) => {
      const { principal } = await signedInUser(db());
      const task = await callerFor(db(), principal).task.create({ title });
      expect(task.title).toBe(title);
    },
  );

  it("tasks: a description of 10,000 characters is accepted and one of 10,001 is BAD_REQUEST", async () => {
    const { user, principal } = await signedInUser(db());
    const caller = callerFor(db(), principal);
    await expect(
      caller.task.create({ title: "Long one", description: "x".repeat(10_000) }),
    ).resolves.toBeDefined();
    const error = await errorOf(
      caller.task.create({ title: "Too long", description: "x".repeat(10_001) }),
    );
    expect(error).toMatchObject({
      code: "BAD_REQUEST",
      fields: { description: ["Description must be at most 10,000 characters long."] },
    });
    expect(await taskCount(user.id)).toBe(1);
  });

  it.each([["ownerId"], ["id"], ["role"], ["createdAt"]])(
    "tasks: create rejects the unknown field %s with BAD_REQUEST and writes nothing",
    async (field) => {
      const { user, principal } = await signedInUser(db());
      const other = await signedInUser(db());
      const error = await errorOf(
        callerFor(db(), principal).task.create({
          title: "Sneaky",
          [field]: other.user.id,
        }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.httpStatus).toBe(400);
      expect(Object.keys(error.fields ?? {})).toEqual([field]);
      expect(await taskCount(user.id)).toBe(0);
      expect(await taskCount(other.user.id)).toBe(0);
    },
  );

  it.each([
    ['the string "true"', "true"],
    ['the string "false"', "false"],
    ["a number", 1],
  ])("tasks: completed must be a JSON boolean: %s is BAD_REQUEST", async (_case, completed) => {
    const { user, principal } = await signedInUser(db());
    const error = await errorOf(
      callerFor(db(), principal).task.create({ title: "Typed", completed } as never),
    );
    expect(error).toMatchObject({
      code: "BAD_REQUEST",
      fields: { completed: [expect.any(String)] },
    });
    expect(await taskCount(user.id)).toBe(0);
  });

  it("tasks: 150 creates by one user at once are all stored, each once (they queue for a connection and the owner's lock, none gives up)", async () => {
    const { user, principal } = await signedInUser(db());
    const titles = Array.from({ length: 150 }, (_, i) => `Burst ${i}`);
    // A caller (and so a fresh in-process limiter) per call: the rate limit is not what this is about.
    const created = await Promise.all(
      titles.map((title) => callerFor(db(), principal).task.create({ title })),
    );
    expect(new Set(created.map((t) => t.id)).size).toBe(150);
    expect(await taskCount(user.id)).toBe(150);
  });

  it("tasks: anonymous create is UNAUTHORIZED and writes nothing", async () => {
    const before = await db().task.count();
    const error = await errorOf(callerFor(db(), null).task.create({ title: "Anonymous" }));
    expect(error).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
    expect(await db().task.count()).toBe(before);
  });

  it("tasks: a tasks:read token cannot create (FORBIDDEN) and nothing is written", async () => {
    const { user } = await signedInUser(db());
    const principal = await tokenPrincipal(db(), user, ["tasks:read"]);
    const error = await errorOf(callerFor(db(), principal).task.create({ title: "Read only" }));
    expect(error).toMatchObject({ code: "FORBIDDEN", httpStatus: 403 });
    expect(await taskCount(user.id)).toBe(0);
  });

  it("tasks: a tasks:write token can create", async () => {
    const { user } = await signedInUser(db());
    const principal = await tokenPrincipal(db(), user, ["tasks:write"]);
    const task = await callerFor(db(), principal).task.create({ title: "From a script" });
    expect(await db().task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      ownerId: user.id,
    });
  });
});
