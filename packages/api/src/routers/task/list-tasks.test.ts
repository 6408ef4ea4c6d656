import { beforeAll, describe, expect, it } from "vitest";
import type { AuthUser, Principal } from "../../context";
import { callerFor, errorOf, signedInUser, tokenPrincipal, useTestDatabase } from "../../test";

const minutes = (n: number) => new Date(Date.UTC(2026, 0, 1, 12, n));

describe("task.list", () => {
  const db = useTestDatabase();

  // One owner with a known set of tasks (created out of title order, at known times), and
  // a neighbour whose tasks match every filter and must never show up.
  let owner: { user: AuthUser; principal: Principal };
  const seeded = [
    {
      title: "Charlie report",
      description: "quarterly numbers",
      completed: false,
      createdAt: minutes(1),
    },
    { title: "Alpha Milk run", description: "", completed: true, createdAt: minutes(2) },
    {
      title: "Echo plans",
      description: "buy oat MILK on the way",
      completed: false,
      createdAt: minutes(3),
    },
    { title: "Bravo call", description: "dentist", completed: true, createdAt: minutes(4) },
    {
      title: "Delta review",
      description: "Milkshake recipe",
      completed: false,
      createdAt: minutes(5),
    },
  ];
  const titles = (items: { title: string }[]) => items.map((t) => t.title);

  beforeAll(async () => {
    owner = await signedInUser(db());
    await db().task.createMany({ data: seeded.map((t) => ({ ...t, ownerId: owner.user.id })) });
    const neighbour = await signedInUser(db());
    await db().task.createMany({
      data: seeded.map((t) => ({
        ...t,
        title: `Neighbour ${t.title}`,
        ownerId: neighbour.user.id,
      })),
    });
  });

  it("tasks: list returns only the caller's tasks, newest first by default, with totals", async () => {
    const page = await callerFor(db(), owner.principal).task.list();
    expect(titles(page.items)).toEqual([
      "Delta review",
      "Bravo call",
      "Echo plans",
      "Alpha Milk run",
      "Charlie report",
    ]);
    expect(page).toMatchObject({ page: 1, pageSize: 10, total: 5, totalPages: 1 });
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual([
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
    expect(page.items[0]?.createdAt).toBe(minutes(5).toISOString());
  });

  it("tasks: a new user's list is empty with total 0 and no pages", async () => {
    const fresh = await signedInUser(db());
    expect(await callerFor(db(), fresh.principal).task.list({})).toEqual({
      items: [],
      page: 1,
      pageSize: 10,
      total: 0,
      totalPages: 0,
    });
  });

  it.each([
    [true, ["Bravo call", "Alpha Milk run"]],
    [false, ["Delta review", "Echo plans", "Charlie report"]],
    ["true", ["Bravo call", "Alpha Milk run"]],
    ["false", ["Delta review", "Echo plans", "Charlie report"]],
  ])("tasks: completed=%j filters the list and the total", async (completed, expected) => {
    const page = await callerFor(db(), owner.principal).task.list({
      completed: completed as boolean,
    });
    expect(titles(page.items)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it("tasks: search is case-insensitive over title and description", async () => {
    const page = await callerFor(db(), owner.principal).task.list({ search: "mIlK" });
    // "Alpha Milk run" by title; "Echo plans" and "Delta review" by description.
    expect(titles(page.items)).toEqual(["Delta review", "Echo plans", "Alpha Milk run"]);
    expect(page.total).toBe(3);
  });

  it("tasks: search combines with the completed filter, and surrounding spaces are ignored", async () => {
    const page = await callerFor(db(), owner.principal).task.list({
      search: "  milk ",
      completed: false,
    });
    expect(titles(page.items)).toEqual(["Delta review", "Echo plans"]);
  });

  it("tasks: search finds nothing of another user's, even when only their tasks match", async () => {
    const page = await callerFor(db(), owner.principal).task.list({ search: "Neighbour" });
    expect(page).toMatchObject({ items: [], total: 0, totalPages: 0 });
  });

  it("tasks: search treats %, _ and \\ as plain characters, not LIKE wildcards", async () => {
    const { user, principal } = await signedInUser(db());
    await db().task.createMany({
      data: [
        { title: "Sale", description: "50% off", ownerId: user.id },
        { title: "Code", description: "snake_case names", ownerId: user.id },
        { title: "Path", description: "C:\\temp", ownerId: user.id },
        { title: "Plain", description: "nothing special", ownerId: user.id },
      ],
    });
    const caller = callerFor(db(), principal);
    for (const [search, expected] of [
      ["%", ["Sale"]],
      ["_", ["Code"]],
      ["\\", ["Path"]],
      ["0% o", ["Sale"]],
    ] as const) {
      const page = await caller.task.list({ search });
      expect(titles(page.items), `search ${JSON.stringify(search)}`).toEqual(expected);
    }
  });

  it.each([
    ["createdAt", ["Charlie report", "Alpha Milk run", "Echo plans", "Bravo call", "Delta review"]],
    [
      "-createdAt",
      ["Delta review", "Bravo call", "Echo plans", "Alpha Milk run", "Charlie report"],
    ],
    ["title", ["Alpha Milk run", "Bravo call", "Charlie report", "Delta review", "Echo plans"]],
    ["-title", ["Echo plans", "Delta review", "Charlie report", "Bravo call", "Alpha Milk run"]],
  ] as const)("tasks: ordering=%s sorts the list", async (ordering, expected) => {
    const page = await callerFor(db(), owner.principal).task.list({ ordering });
    expect(titles(page.items)).toEqual(expected);
  });

  it("tasks: pages split the list without overlap, with totals, and a page past the end is empty, not an error", async () => {
    const caller = callerFor(db(), owner.principal);
    const pages = await Promise.all(
      [1, 2, 3].map((page) => caller.task.list({ ordering: "title", page, pageSize: 2 })),
    );
    expect(pages.map((p) => titles(p.items))).toEqual([
      ["Alpha Milk run", "Bravo call"],
      ["Charlie report", "Delta review"],
      ["Echo plans"],
    ]);
    for (const [i, p] of pages.entries())
      expect(p).toMatchObject({ page: i + 1, pageSize: 2, total: 5, totalPages: 3 });

    const past = await caller.task.list({ ordering: "title", page: 4, pageSize: 2 });
    expect(past).toEqual({ items: [], page: 4, pageSize: 2, total: 5, totalPages: 3 });
  });

  it("tasks: page and pageSize accept numeric strings (REST query strings)", async () => {
    const page = await callerFor(db(), owner.principal).task.list({
      page: "2",
      pageSize: "3",
      ordering: "title",
    } as never);
    expect(page).toMatchObject({ page: 2, pageSize: 3, total: 5, totalPages: 2 });
    expect(titles(page.items)).toEqual(["Delta review", "Echo plans"]);
  });

  it("tasks: pageSize defaults to 10 and accepts 100", async () => {
    const bulk = await signedInUser(db());
    await db().task.createMany({
      data: Array.from({ length: 101 }, (_, i) => ({
        title: `Bulk ${i}`,
        ownerId: bulk.user.id,
        createdAt: minutes(i),
      })),
    });
    const caller = callerFor(db(), bulk.principal);
    expect((await caller.task.list()).items).toHaveLength(10);
    const hundred = await caller.task.list({ pageSize: 100 });
    expect(hundred).toMatchObject({ pageSize: 100, total: 101, totalPages: 2 });
    expect(hundred.items).toHaveLength(100);
    expect((await caller.task.list({ pageSize: 100, page: 2 })).items).toHaveLength(1);
  });

  it.each([
    [{ pageSize: 101 }, "pageSize", "Page size must be at most 100."],
    [{ pageSize: 0 }, "pageSize", "Page size must be 1 or more."],
    [{ page: 0 }, "page", "Page must be 1 or more."],
    [{ page: 1.5 }, "page", undefined],
    [{ page: "two" }, "page", undefined],
    [{ ordering: "owner" }, "ordering", undefined],
    [{ completed: "yes" }, "completed", undefined],
    [{ search: "s".repeat(201) }, "search", "Search must be at most 200 characters long."],
    [{ ownerId: "someone" }, "ownerId", undefined],
  ])("tasks: list input %j is BAD_REQUEST on %s", async (input, field, message) => {
    const error = await errorOf(callerFor(db(), owner.principal).task.list(input as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.fields ?? {})).toEqual([field]);
    if (message) expect(error.fields?.[field]).toEqual([message]);
  });

  it("tasks: anonymous list is UNAUTHORIZED", async () => {
    expect(await errorOf(callerFor(db(), null).task.list())).toMatchObject({
      code: "UNAUTHORIZED",
      httpStatus: 401,
    });
  });

  it("tasks: a tasks:read token lists its owner's tasks; a token without tasks:read is FORBIDDEN", async () => {
    const reader = await tokenPrincipal(db(), owner.user, ["tasks:read"]);
    expect((await callerFor(db(), reader).task.list()).total).toBe(5);
    const writer = await tokenPrincipal(db(), owner.user, ["tasks:write"]);
    expect(await errorOf(callerFor(db(), writer).task.list())).toMatchObject({ code: "FORBIDDEN" });
  });
});
