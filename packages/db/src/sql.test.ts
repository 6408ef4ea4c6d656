import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { poolOf, type Db } from "./client";
import {
  findApiToken,
  findSession,
  findTask,
  findTaskPage,
  insertTask,
  insertTaskCoalesced,
  newId,
  sqlOf,
  sqlOfTx,
  updateTask,
  type TaskOrder,
} from "./sql";
import { createTestDatabase, type TestDatabase } from "./testing";

const newest: TaskOrder = [
  { key: "createdAt", desc: true },
  { key: "id", desc: true },
];

async function user(db: Db, name: string) {
  return db.user.create({ data: { username: name, usernameKey: name } });
}

async function taskCount(db: Db, id: string) {
  return (await db.user.findUniqueOrThrow({ where: { id }, select: { taskCount: true } }))
    .taskCount;
}

describe("the SQL hot paths", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it("sql: a token is found with its owner by hash; an unknown hash is null", async () => {
    const owner = await user(t.db, "token-owner");
    const hash = createHash("sha256").update("secret").digest("hex");
    const expiresAt = new Date("2031-02-03T04:05:06.789Z");
    await t.db.apiToken.create({
      data: {
        ownerId: owner.id,
        name: "n",
        tokenHash: hash,
        prefix: "tf_",
        scopes: ["tasks:read"],
        expiresAt,
      },
    });
    const token = await findApiToken(t.db, hash);
    expect(token).toMatchObject({
      scopes: ["tasks:read"],
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
      owner: { id: owner.id, username: "token-owner", role: "USER", disabledAt: null },
    });
    expect(await findApiToken(t.db, "0".repeat(64))).toBeNull();
  });

  it("sql: a session is found with its user only for that user; an unknown one is null", async () => {
    const owner = await user(t.db, "session-owner");
    const other = await user(t.db, "session-other");
    const expiresAt = new Date("2031-01-01T00:00:00.000Z");
    const made = await t.db.session.create({
      data: { userId: owner.id, expiresAt, ip: "192.0.2.1" },
    });
    expect(await findSession(t.db, { id: made.id, userId: owner.id })).toMatchObject({
      id: made.id,
      expiresAt,
      lastSeenAt: made.lastSeenAt,
      ip: "192.0.2.1",
      user: { id: owner.id, username: "session-owner", role: "USER", disabledAt: null },
    });
    expect(await findSession(t.db, { id: made.id, userId: other.id })).toBeNull();
    expect(await findSession(t.db, { id: "nope", userId: owner.id })).toBeNull();
  });

  it("sql: timestamps read back exactly as Prisma wrote them (UTC), whatever the process's time zone", async () => {
    const owner = await user(t.db, "clock");
    const dueAt = new Date("2030-06-15T23:30:00.123Z");
    const made = await t.db.task.create({ data: { ownerId: owner.id, title: "t", dueAt } });
    // pg's own parser would read timestamp(3) in the process's zone: 5.5 hours off here.
    vi.stubEnv("TZ", "Asia/Kolkata");
    onTestFinished(() => void vi.unstubAllEnvs());
    expect(new Date(2030, 0, 1).getTimezoneOffset()).toBe(-330);
    const read = await findTask(sqlOf(t.db), { id: made.id, ownerId: owner.id });
    expect(read).toMatchObject({ dueAt, createdAt: made.createdAt, updatedAt: made.updatedAt });
    const inserted = await insertTask(sqlOf(t.db), { ownerId: owner.id, title: "x", dueAt }, 100);
    const viaPrisma = await t.db.task.findUniqueOrThrow({ where: { id: inserted!.id } });
    expect(viaPrisma.dueAt).toEqual(dueAt);
    expect(viaPrisma.createdAt).toEqual(inserted!.createdAt);
    expect(Math.abs(viaPrisma.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("sql: a page holds only the owner's live tasks, newest first, with labels in name order and the total", async () => {
    const owner = await user(t.db, "pager");
    const other = await user(t.db, "other-pager");
    for (let i = 0; i < 5; i++)
      await t.db.task.create({
        data: {
          ownerId: owner.id,
          title: `mine ${i}`,
          createdAt: new Date(Date.UTC(2030, 0, i + 1)),
        },
      });
    await t.db.task.create({
      data: { ownerId: owner.id, title: "trashed", deletedAt: new Date() },
    });
    await t.db.task.create({ data: { ownerId: other.id, title: "theirs" } });
    const [zeta, alpha] = await Promise.all(
      ["Zeta", "alpha"].map((name) =>
        t.db.label.create({ data: { ownerId: owner.id, name, nameKey: name.toLowerCase() } }),
      ),
    );
    const top = await t.db.task.findFirstOrThrow({ where: { ownerId: owner.id, title: "mine 4" } });
    await t.db.taskLabel.createMany({
      data: [zeta!, alpha!].map((l) => ({ taskId: top.id, labelId: l.id })),
    });

    const page = await findTaskPage(
      sqlOf(t.db),
      { ownerId: owner.id },
      { order: newest, skip: 0, take: 2 },
    );
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.title)).toEqual(["mine 4", "mine 3"]);
    expect(page.rows[0]?.labels).toEqual(["alpha", "Zeta"]);
    expect(page.rows[1]?.labels).toEqual([]);

    const byLabel = await findTaskPage(
      sqlOf(t.db),
      { ownerId: owner.id, labelKey: "zeta" },
      { order: newest, skip: 0, take: 10 },
    );
    expect(byLabel.rows.map((r) => r.title)).toEqual(["mine 4"]);
    // The other user's label key matches nothing of theirs through this owner.
    const past = await findTaskPage(
      sqlOf(t.db),
      { ownerId: owner.id },
      { order: newest, skip: 10, take: 10 },
    );
    expect(past).toEqual({ total: 5, rows: [] });
  });

  it("sql: filters (completed, priority, due window, overdue) and a due-date order with undated tasks last", async () => {
    const owner = await user(t.db, "filters");
    const now = new Date("2031-01-10T12:00:00Z");
    const day = (d: number) => new Date(Date.UTC(2031, 0, d));
    await t.db.task.createMany({
      data: [
        { ownerId: owner.id, title: "late", dueAt: day(5) },
        { ownerId: owner.id, title: "late but done", dueAt: day(6), completed: true },
        { ownerId: owner.id, title: "soon", dueAt: day(12), priority: 3 },
        { ownerId: owner.id, title: "undated", priority: 3 },
      ],
    });
    const titles = async (
      filter: object,
      order: TaskOrder = [
        { key: "dueAt", desc: false },
        { key: "id", desc: false },
      ],
    ) =>
      (
        await findTaskPage(
          sqlOf(t.db),
          { ownerId: owner.id, now, ...filter },
          { order, skip: 0, take: 10 },
        )
      ).rows.map((r) => r.title);
    expect(await titles({})).toEqual(["late", "late but done", "soon", "undated"]);
    expect(
      await titles({}, [
        { key: "dueAt", desc: true },
        { key: "id", desc: true },
      ]),
    ).toEqual(["soon", "late but done", "late", "undated"]);
    expect(await titles({ overdue: true })).toEqual(["late"]);
    expect(await titles({ overdue: false })).toEqual(["late but done", "soon", "undated"]);
    expect(await titles({ completed: true })).toEqual(["late but done"]);
    expect(await titles({ priority: 3 })).toEqual(["soon", "undated"]);
    expect(await titles({ dueAfter: day(6), dueBefore: day(12) })).toEqual(["late but done"]);
  });

  it("sql: a search is case-insensitive text, never a pattern (%, _ and \\ match themselves)", async () => {
    const owner = await user(t.db, "searcher");
    await t.db.task.createMany({
      data: [
        { ownerId: owner.id, title: "Buy MILK" },
        { ownerId: owner.id, title: "100% done" },
        { ownerId: owner.id, title: "a_b", description: "back\\slash" },
        { ownerId: owner.id, title: "other" },
      ],
    });
    const found = async (search: string) =>
      (
        await findTaskPage(
          sqlOf(t.db),
          { ownerId: owner.id, search },
          { order: newest, skip: 0, take: 10 },
        )
      ).rows
        .map((r) => r.title)
        .sort();
    expect(await found("milk")).toEqual(["Buy MILK"]);
    expect(await found("%")).toEqual(["100% done"]);
    expect(await found("_")).toEqual(["a_b"]);
    expect(await found("\\")).toEqual(["a_b"]);
  });

  it("sql: another owner's task is not found, nor a trashed one", async () => {
    const owner = await user(t.db, "finder");
    const thief = await user(t.db, "thief");
    const mine = await t.db.task.create({ data: { ownerId: owner.id, title: "mine" } });
    const gone = await t.db.task.create({
      data: { ownerId: owner.id, title: "gone", deletedAt: new Date() },
    });
    expect(await findTask(sqlOf(t.db), { id: mine.id, ownerId: thief.id })).toBeNull();
    expect(await findTask(sqlOf(t.db), { id: gone.id, ownerId: owner.id })).toBeNull();
    expect((await findTask(sqlOf(t.db), { id: mine.id, ownerId: owner.id }))?.title).toBe("mine");
  });

  it("sql: User.taskCount counts insertTask's inserts and every delete, one by one and in bulk", async () => {
    const owner = await user(t.db, "counted");
    for (let i = 0; i < 31; i++)
      await insertTask(sqlOf(t.db), { ownerId: owner.id, title: `${i}` }, 1000);
    expect(await taskCount(t.db, owner.id)).toBe(31);
    await t.db.task.deleteMany({ where: { ownerId: owner.id, title: { in: ["1", "2", "3"] } } });
    const one = await t.db.task.findFirstOrThrow({ where: { ownerId: owner.id } });
    await t.db.task.delete({ where: { id: one.id } });
    expect(await taskCount(t.db, owner.id)).toBe(27);
    expect(await taskCount(t.db, owner.id)).toBe(
      await t.db.task.count({ where: { ownerId: owner.id } }),
    );
  });

  it("sql: a burst of creates by one owner stops exactly at the quota, not one task past it", async () => {
    const owner = await user(t.db, "burst");
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        insertTask(sqlOf(t.db), { ownerId: owner.id, title: `b${i}` }, 25),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(25);
    expect(await t.db.task.count({ where: { ownerId: owner.id } })).toBe(25);
    expect(await taskCount(t.db, owner.id)).toBe(25);
  });

  it("sql: one owner's concurrent creates share statements, and each caller gets its own task", async () => {
    const owner = await user(t.db, "coalesced");
    const due = new Date("2030-01-02T03:04:05.678Z");
    // Every statement on the pool checks a connection out: 30 creates queued on the owner's row
    // lock would take 30; coalesced, the first runs alone and the rest go together.
    const { pool } = poolOf(t.db);
    let statements = 0;
    const count = () => statements++;
    pool.on("acquire", count);
    onTestFinished(() => void pool.off("acquire", count));
    const made = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        insertTaskCoalesced(
          t.db,
          { ownerId: owner.id, title: `c${i}`, priority: i % 4, dueAt: i % 2 ? due : null },
          1000,
        ),
      ),
    );
    expect(statements).toBe(2);
    made.forEach((row, i) =>
      expect(row).toMatchObject({
        title: `c${i}`,
        priority: i % 4,
        dueAt: i % 2 ? due : null,
        version: 1,
      }),
    );
    expect(new Set(made.map((row) => row!.id)).size).toBe(30);
    expect(await taskCount(t.db, owner.id)).toBe(30);
    expect(await t.db.task.count({ where: { ownerId: owner.id } })).toBe(30);
  });

  it("sql: coalesced creates past the quota stop exactly at it", async () => {
    const owner = await user(t.db, "coalesced-burst");
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        insertTaskCoalesced(t.db, { ownerId: owner.id, title: `b${i}` }, 25),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(25);
    expect(await t.db.task.count({ where: { ownerId: owner.id } })).toBe(25);
    expect(await taskCount(t.db, owner.id)).toBe(25);
  });

  it("sql: a create the database refuses fails alone; the owner's concurrent creates still land", async () => {
    const owner = await user(t.db, "coalesced-bad");
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        insertTaskCoalesced(
          t.db,
          // Postgres text cannot hold NUL (the API's schemas refuse it before it gets here).
          { ownerId: owner.id, title: `n${i}`, description: i === 4 ? "a\u0000b" : "" },
          1000,
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i === 4 ? "rejected" : "fulfilled")),
    );
    expect(await t.db.task.count({ where: { ownerId: owner.id } })).toBe(9);
    expect(await taskCount(t.db, owner.id)).toBe(9);
  });

  it("sql: inside a transaction that fails, the insert and its count roll back together", async () => {
    const owner = await user(t.db, "rollback");
    await expect(
      t.db.$transaction(async (tx) => {
        await insertTask(sqlOfTx(tx), { ownerId: owner.id, title: "undone" }, 10);
        throw new Error("later step failed");
      }),
    ).rejects.toThrow("later step failed");
    expect(await t.db.task.count({ where: { ownerId: owner.id } })).toBe(0);
    expect(await taskCount(t.db, owner.id)).toBe(0);
  });

  it("sql: an update changes only the given fields, adds one to the version, and matches only the owner's task at an admitted version", async () => {
    const owner = await user(t.db, "updater");
    const other = await user(t.db, "intruder");
    const made = await insertTask(
      sqlOf(t.db),
      { ownerId: owner.id, title: "before", priority: 2 },
      10,
    );
    const target = { id: made!.id, ownerId: owner.id };
    expect(
      await updateTask(sqlOf(t.db), { ...target, ownerId: other.id }, { title: "stolen" }),
    ).toBeNull();
    expect(
      await updateTask(sqlOf(t.db), { ...target, versions: [2, 3] }, { title: "stale" }),
    ).toBeNull();
    const updated = await updateTask(
      sqlOf(t.db),
      { ...target, versions: [1] },
      { title: "after", dueAt: null },
    );
    expect(updated).toMatchObject({ title: "after", priority: 2, version: 2, dueAt: null });
    const stored = await t.db.task.findUniqueOrThrow({ where: { id: made!.id } });
    expect(stored).toMatchObject({ title: "after", priority: 2, version: 2 });
    expect(stored.updatedAt.getTime()).toBeGreaterThanOrEqual(made!.updatedAt.getTime());
  });

  it("sql: new ids are unique and shaped like Prisma's cuid()", () => {
    const ids = Array.from({ length: 10_000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^c[0-9a-z]{24}$/);
  });
});
