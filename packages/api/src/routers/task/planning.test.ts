// The planning fields (dueAt, priority, labels, version), their filters and orderings,
// optimistic concurrency, the trash, bulk actions, labels and export/import, through tRPC
// callers on a real database. HTTP-only behaviour (ETag, If-Match, attachments, text/csv,
// the 1 MB import cap) is in planning-rest.test.ts.
import { describe, expect, it } from "vitest";
import type { Principal } from "../../context";
import { callerFor, errorOf, signedInUser, tokenPrincipal, useTestDatabase } from "../../test";
import { purgeExpiredTrash } from "./purge-trash";

const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe("task planning", () => {
  const db = useTestDatabase();

  async function user() {
    const { user, principal } = await signedInUser(db());
    return { user, principal, caller: callerFor(db(), principal) };
  }

  describe("fields", () => {
    it("tasks: create takes dueAt, priority and labels; version starts at 1; labels are created for the owner", async () => {
      const { user: owner, caller } = await user();
      const task = await caller.task.create({
        title: "Plan the week",
        dueAt: "2026-12-01T09:00:00+02:00",
        priority: 3,
        labels: ["Work", "deep focus", "q4-review_2"],
      });
      expect(task).toMatchObject({
        dueAt: "2026-12-01T07:00:00.000Z",
        priority: 3,
        labels: ["deep focus", "q4-review_2", "Work"],
        version: 1,
      });
      const labels = await db().label.findMany({
        where: { ownerId: owner.id },
        orderBy: { nameKey: "asc" },
      });
      expect(labels.map((l) => [l.name, l.nameKey])).toEqual([
        ["deep focus", "deep focus"],
        ["q4-review_2", "q4-review_2"],
        ["Work", "work"],
      ]);
    });

    it("tasks: defaults are no due date, priority 0, no labels", async () => {
      const { caller } = await user();
      expect(await caller.task.create({ title: "Plain" })).toMatchObject({
        dueAt: null,
        priority: 0,
        labels: [],
        version: 1,
      });
    });

    it("tasks: a label used again (any case) is the same label, keeping its first spelling", async () => {
      const { user: owner, caller } = await user();
      await caller.task.create({ title: "One", labels: ["Home"] });
      const two = await caller.task.create({ title: "Two", labels: ["HOME"] });
      expect(two.labels).toEqual(["Home"]);
      expect(await db().label.count({ where: { ownerId: owner.id } })).toBe(1);
    });

    it("tasks: another user's label of the same name is theirs, not shared", async () => {
      const a = await user();
      const b = await user();
      await a.caller.task.create({ title: "Mine", labels: ["Shared"] });
      await b.caller.task.create({ title: "Theirs", labels: ["shared"] });
      expect(
        await db().label.count({
          where: { nameKey: "shared", ownerId: { in: [a.user.id, b.user.id] } },
        }),
      ).toBe(2);
    });

    it.each([
      [
        "priority 4",
        { priority: 4 },
        "priority",
        "Priority must be a whole number from 0 (none) to 3 (high).",
      ],
      [
        "priority -1",
        { priority: -1 },
        "priority",
        "Priority must be a whole number from 0 (none) to 3 (high).",
      ],
      [
        "priority 1.5",
        { priority: 1.5 },
        "priority",
        "Priority must be a whole number from 0 (none) to 3 (high).",
      ],
      [
        "priority as text",
        { priority: "2" },
        "priority",
        "Priority must be a whole number from 0 (none) to 3 (high).",
      ],
      [
        "a date without a time",
        { dueAt: "2026-12-01" },
        "dueAt",
        "Use an ISO 8601 date-time such as 2026-12-01T09:00:00Z, or null.",
      ],
      [
        "an unparseable date",
        { dueAt: "tomorrow" },
        "dueAt",
        "Use an ISO 8601 date-time such as 2026-12-01T09:00:00Z, or null.",
      ],
      [
        "11 labels",
        { labels: Array.from({ length: 11 }, (_, i) => `l${i}`) },
        "labels",
        "A task can have at most 10 labels.",
      ],
      [
        "a label of 33 characters",
        { labels: ["x".repeat(33)] },
        "labels.0",
        "A label must be at most 32 characters long.",
      ],
      ["an empty label", { labels: ["  "] }, "labels.0", "A label cannot be empty."],
      [
        "a label with punctuation",
        { labels: ["a,b"] },
        "labels.0",
        "A label may contain letters, digits, spaces, - and _ only.",
      ],
      [
        "the same label twice in another case",
        { labels: ["Work", "work"] },
        "labels",
        "Each label can be used once per task.",
      ],
    ])(
      "tasks: %s is BAD_REQUEST on its field and creates nothing",
      async (_name, extra, field, message) => {
        const { user: owner, caller } = await user();
        const error = await errorOf(
          caller.task.create({ title: "Valid title", ...extra } as never),
        );
        expect(error).toMatchObject({ code: "BAD_REQUEST", fields: { [field]: [message] } });
        expect(await db().task.count({ where: { ownerId: owner.id } })).toBe(0);
        expect(await db().label.count({ where: { ownerId: owner.id } })).toBe(0);
      },
    );

    it("tasks: ten labels of letters of any script, digits, spaces, - and _ are fine", async () => {
      const { caller } = await user();
      const labels = ["été", "日本", "क्या", "a b", "a-b", "a_b", "42", "x", "y", "z"];
      expect((await caller.task.create({ title: "Many labels", labels })).labels).toHaveLength(10);
    });

    it("tasks: every change adds 1 to version; update can set, change and clear dueAt, priority and labels", async () => {
      const { caller } = await user();
      const task = await caller.task.create({ title: "Moving", labels: ["a"] });
      const one = await caller.task.update({
        id: task.id,
        data: { dueAt: "2026-12-24T18:00:00Z", priority: 2, labels: ["b", "c"] },
      });
      expect(one).toMatchObject({
        dueAt: "2026-12-24T18:00:00.000Z",
        priority: 2,
        labels: ["b", "c"],
        version: 2,
      });
      const two = await caller.task.update({ id: task.id, data: { dueAt: null, labels: [] } });
      expect(two).toMatchObject({ dueAt: null, priority: 2, labels: [], version: 3 });
      const three = await caller.task.update({ id: task.id, data: { completed: true } });
      expect(three.version).toBe(4);
      expect(await db().taskLabel.count({ where: { taskId: task.id } })).toBe(0);
    });
  });

  describe("optimistic concurrency (tRPC)", () => {
    it("tasks: update with the current expectedVersion succeeds; a stale one is CONFLICT and changes nothing", async () => {
      const { caller } = await user();
      const task = await caller.task.create({ title: "Shared doc" });
      // Tab A and tab B both read version 1; A saves first.
      const saved = await caller.task.update({
        id: task.id,
        expectedVersion: 1,
        data: { title: "From tab A" },
      });
      expect(saved.version).toBe(2);
      const before = await db().task.findUniqueOrThrow({ where: { id: task.id } });
      const error = await errorOf(
        caller.task.update({ id: task.id, expectedVersion: 1, data: { title: "From tab B" } }),
      );
      expect(error).toMatchObject({ code: "CONFLICT", httpStatus: 409 });
      expect(error.message).toMatch(/changed elsewhere/);
      expect(await db().task.findUniqueOrThrow({ where: { id: task.id } })).toEqual(before);
    });

    it("tasks: expectedVersion inside data is refused (it is not a task field)", async () => {
      const { caller } = await user();
      const task = await caller.task.create({ title: "Shared doc" });
      const error = await errorOf(
        caller.task.update({ id: task.id, data: { title: "Nope", expectedVersion: 1 } } as never),
      );
      expect(error).toMatchObject({ code: "BAD_REQUEST" });
    });

    it("tasks: another user's task with a matching expectedVersion is still NOT_FOUND", async () => {
      const a = await user();
      const b = await user();
      const task = await a.caller.task.create({ title: "Private" });
      expect(
        await errorOf(
          b.caller.task.update({ id: task.id, expectedVersion: 1, data: { title: "Mine now" } }),
        ),
      ).toMatchObject({ code: "NOT_FOUND" });
      expect((await db().task.findUniqueOrThrow({ where: { id: task.id } })).title).toBe("Private");
    });
  });

  describe("filters and orderings", () => {
    async function plannedWeek(principal?: Principal) {
      const u = principal ? { caller: callerFor(db(), principal) } : await user();
      const c = u.caller;
      const overdue = await c.task.create({
        title: "Overdue report",
        dueAt: inDays(-2),
        priority: 3,
        labels: ["Work"],
      });
      const doneLate = await c.task.create({
        title: "Done late",
        dueAt: inDays(-1),
        completed: true,
        labels: ["home"],
      });
      const tomorrow = await c.task.create({
        title: "Tomorrow call",
        dueAt: inDays(1),
        priority: 1,
        labels: ["work"],
      });
      const nextWeek = await c.task.create({
        title: "Next week trip",
        dueAt: inDays(7),
        priority: 2,
      });
      const someday = await c.task.create({ title: "Someday idea" });
      return { caller: c, overdue, doneLate, tomorrow, nextWeek, someday };
    }
    const titles = (page: { items: { title: string }[] }) => page.items.map((t) => t.title);

    it("tasks: overdue=true lists open tasks due in the past only", async () => {
      const { caller } = await plannedWeek();
      expect(titles(await caller.task.list({ overdue: true }))).toEqual(["Overdue report"]);
      expect(titles(await caller.task.list({ overdue: "true" } as never))).toEqual([
        "Overdue report",
      ]);
      expect((await caller.task.list({ overdue: false })).total).toBe(4);
    });

    it("tasks: dueBefore / dueAfter bound the due date (tasks without one never match)", async () => {
      const { caller } = await plannedWeek();
      expect(
        titles(
          await caller.task.list({ dueAfter: inDays(0), dueBefore: inDays(2), ordering: "dueAt" }),
        ),
      ).toEqual(["Tomorrow call"]);
      expect(titles(await caller.task.list({ dueBefore: inDays(0), ordering: "dueAt" }))).toEqual([
        "Overdue report",
        "Done late",
      ]);
      expect((await caller.task.list({ dueAfter: inDays(-30) })).total).toBe(4);
    });

    it("tasks: priority filters exactly; label filters by name case-insensitively", async () => {
      const { caller } = await plannedWeek();
      expect(titles(await caller.task.list({ priority: 2 }))).toEqual(["Next week trip"]);
      expect(titles(await caller.task.list({ priority: "3" }))).toEqual(["Overdue report"]);
      expect(titles(await caller.task.list({ label: "WORK", ordering: "title" }))).toEqual([
        "Overdue report",
        "Tomorrow call",
      ]);
      expect((await caller.task.list({ label: "nothing" })).total).toBe(0);
    });

    it("tasks: another user's label of the same name does not bring their tasks", async () => {
      const mine = await plannedWeek();
      const other = await user();
      await other.caller.task.create({ title: "Their work", labels: ["Work"] });
      expect((await mine.caller.task.list({ label: "work" })).total).toBe(2);
      expect(titles(await other.caller.task.list({ label: "work" }))).toEqual(["Their work"]);
    });

    it("tasks: ordering dueAt / -dueAt put tasks without a due date last both ways", async () => {
      const { caller } = await plannedWeek();
      expect(titles(await caller.task.list({ ordering: "dueAt" }))).toEqual([
        "Overdue report",
        "Done late",
        "Tomorrow call",
        "Next week trip",
        "Someday idea",
      ]);
      expect(titles(await caller.task.list({ ordering: "-dueAt" }))).toEqual([
        "Next week trip",
        "Tomorrow call",
        "Done late",
        "Overdue report",
        "Someday idea",
      ]);
    });

    it("tasks: ordering priority / -priority", async () => {
      const { caller } = await plannedWeek();
      const asc = await caller.task.list({ ordering: "priority" });
      expect(asc.items.map((t) => t.priority)).toEqual([0, 0, 1, 2, 3]);
      expect(titles(await caller.task.list({ ordering: "-priority", pageSize: 3 }))).toEqual([
        "Overdue report",
        "Next week trip",
        "Tomorrow call",
      ]);
    });

    it.each([
      [{ priority: 5 }, "priority"],
      [{ dueBefore: "soon" }, "dueBefore"],
      [{ dueAfter: "2026-13-01T00:00:00Z" }, "dueAfter"],
      [{ overdue: "yes" }, "overdue"],
      [{ label: "a,b" }, "label"],
      [{ ordering: "due" }, "ordering"],
    ])("tasks: list input %j is BAD_REQUEST on %s", async (input, field) => {
      const { caller } = await user();
      const error = await errorOf(caller.task.list(input as never));
      expect(error.code).toBe("BAD_REQUEST");
      expect(Object.keys(error.fields ?? {})).toEqual([field]);
    });
  });

  describe("trash", () => {
    it("tasks: the quota's count (User.taskCount) follows creates, imports and deletions for good, and keeps trashed tasks", async () => {
      const { user: owner, caller } = await user();
      const counted = async () => {
        const { taskCount } = await db().user.findUniqueOrThrow({ where: { id: owner.id } });
        expect(taskCount).toBe(await db().task.count({ where: { ownerId: owner.id } }));
        return taskCount;
      };
      const a = await caller.task.create({ title: "plain" });
      const b = await caller.task.create({ title: "labelled", labels: ["x"] });
      await caller.task.import({ tasks: [{ title: "in 1" }, { title: "in 2", labels: ["y"] }] });
      expect(await counted()).toBe(4);
      await caller.task.delete({ id: a.id });
      expect(await counted()).toBe(4);
      await caller.task.delete({ id: b.id, permanent: true });
      expect(await counted()).toBe(3);
      await purgeExpiredTrash(db(), new Date(Date.now() + 31 * DAY));
      expect(await counted()).toBe(2);
    });

    it("tasks: deleted tasks are in the trash, newest first, and restore brings one back with version +1", async () => {
      const { caller } = await user();
      const a = await caller.task.create({ title: "First gone", labels: ["keep"] });
      const b = await caller.task.create({ title: "Second gone" });
      await caller.task.delete({ id: a.id });
      await caller.task.delete({ id: b.id });
      const trash = await caller.task.trash({});
      expect(trash.items.map((t) => t.title)).toEqual(["Second gone", "First gone"]);
      expect(trash.items[1]).toMatchObject({ labels: ["keep"], version: 2 });
      expect(trash.items[1]?.deletedAt).toMatch(/Z$/);
      const restored = await caller.task.restore({ id: a.id });
      expect(restored).toMatchObject({
        id: a.id,
        title: "First gone",
        labels: ["keep"],
        version: 3,
      });
      expect((await caller.task.get({ id: a.id })).id).toBe(a.id);
      expect((await caller.task.trash({})).total).toBe(1);
      // Restoring a live task, or one not in the trash, is NOT_FOUND.
      expect(await errorOf(caller.task.restore({ id: a.id }))).toMatchObject({ code: "NOT_FOUND" });
    });

    it("tasks: a trashed task cannot be updated or trashed again, but can be deleted permanently", async () => {
      const { caller } = await user();
      const task = await caller.task.create({ title: "In the bin" });
      await caller.task.delete({ id: task.id });
      expect(
        await errorOf(caller.task.update({ id: task.id, data: { title: "Edit" } })),
      ).toMatchObject({
        code: "NOT_FOUND",
      });
      expect(await errorOf(caller.task.delete({ id: task.id }))).toMatchObject({
        code: "NOT_FOUND",
      });
      await caller.task.delete({ id: task.id, permanent: true });
      expect(await db().task.findUnique({ where: { id: task.id } })).toBeNull();
    });

    it("tasks: another user cannot see, restore or permanently delete my trash", async () => {
      const a = await user();
      const b = await user();
      const task = await a.caller.task.create({ title: "My secret" });
      await a.caller.task.delete({ id: task.id });
      const row = await db().task.findUniqueOrThrow({ where: { id: task.id } });
      expect((await b.caller.task.trash({})).total).toBe(0);
      expect(await errorOf(b.caller.task.restore({ id: task.id }))).toMatchObject({
        code: "NOT_FOUND",
      });
      expect(await errorOf(b.caller.task.delete({ id: task.id, permanent: true }))).toMatchObject({
        code: "NOT_FOUND",
      });
      expect(await db().task.findUniqueOrThrow({ where: { id: task.id } })).toEqual(row);
    });

    it("tasks: trash older than 30 days is purged (and never shown or restored before that)", async () => {
      const { user: owner, caller } = await user();
      const old = await caller.task.create({ title: "Long gone" });
      const recent = await caller.task.create({ title: "Just gone" });
      await caller.task.delete({ id: old.id });
      await caller.task.delete({ id: recent.id });
      // The clock: the row says it was deleted 31 days ago.
      await db().task.update({
        where: { id: old.id },
        data: { deletedAt: new Date(Date.now() - 31 * DAY) },
      });
      expect(await errorOf(caller.task.restore({ id: old.id }))).toMatchObject({
        code: "NOT_FOUND",
      });
      expect((await caller.task.trash({})).items.map((t) => t.title)).toEqual(["Just gone"]);
      // Listing the trash purged the caller's expired rows; the periodic purge catches everyone's.
      expect(await db().task.findUnique({ where: { id: old.id } })).toBeNull();
      const other = await user();
      const theirs = await other.caller.task.create({ title: "Their old one" });
      await other.caller.task.delete({ id: theirs.id });
      await db().task.update({
        where: { id: theirs.id },
        data: { deletedAt: new Date(Date.now() - 29 * DAY) },
      });
      expect(await purgeExpiredTrash(db(), new Date(Date.now() + 2 * DAY))).toBeGreaterThanOrEqual(
        1,
      );
      expect(await db().task.findUnique({ where: { id: theirs.id } })).toBeNull();
      expect(await db().task.findUnique({ where: { id: recent.id } })).not.toBeNull();
      expect(await db().task.count({ where: { ownerId: owner.id } })).toBe(1);
    });
  });

  describe("bulk", () => {
    it("tasks: bulk complete / reopen / delete change the caller's tasks and count them", async () => {
      const { caller } = await user();
      const a = await caller.task.create({ title: "Bulk one" });
      const b = await caller.task.create({ title: "Bulk two" });
      const c = await caller.task.create({ title: "Bulk three", completed: true });
      expect(await caller.task.bulk({ ids: [a.id, b.id, c.id], action: "complete" })).toEqual({
        updated: 2,
        notFound: [],
      });
      expect((await caller.task.get({ id: a.id })).version).toBe(2);
      expect(await caller.task.bulk({ ids: [a.id], action: "reopen" })).toEqual({
        updated: 1,
        notFound: [],
      });
      expect(await caller.task.bulk({ ids: [a.id, b.id], action: "delete" })).toEqual({
        updated: 2,
        notFound: [],
      });
      expect((await caller.task.trash({})).total).toBe(2);
      // Trashed tasks are no longer live: a second delete finds nothing.
      expect(await caller.task.bulk({ ids: [a.id], action: "delete" })).toEqual({
        updated: 0,
        notFound: [a.id],
      });
    });

    it("tasks: another user's ids in a bulk call are notFound and untouched (checked in the database)", async () => {
      const me = await user();
      const them = await user();
      const mine = await me.caller.task.create({ title: "Mine to finish" });
      const theirs = await them.caller.task.create({ title: "Theirs to keep" });
      const theirRow = await db().task.findUniqueOrThrow({ where: { id: theirs.id } });
      for (const action of ["complete", "reopen", "delete"] as const) {
        const result = await me.caller.task.bulk({
          ids: [mine.id, theirs.id, "no-such-id"],
          action,
        });
        expect(result.notFound).toEqual([theirs.id, "no-such-id"]);
        expect(await db().task.findUniqueOrThrow({ where: { id: theirs.id } })).toEqual(theirRow);
      }
    });

    it("tasks: bulk takes 1..100 ids and one of the three actions", async () => {
      const { caller } = await user();
      const many = Array.from({ length: 101 }, (_, i) => `id${i}`);
      expect(await errorOf(caller.task.bulk({ ids: many, action: "complete" }))).toMatchObject({
        code: "BAD_REQUEST",
        fields: { ids: ["At most 100 tasks at a time."] },
      });
      expect(await errorOf(caller.task.bulk({ ids: [], action: "complete" }))).toMatchObject({
        fields: { ids: ["Choose at least one task."] },
      });
      expect(
        (await errorOf(caller.task.bulk({ ids: ["x"], action: "archive" } as never))).fields,
      ).toHaveProperty("action");
      expect(await caller.task.bulk({ ids: many.slice(0, 100), action: "complete" })).toMatchObject(
        { updated: 0 },
      );
    });

    it("tasks: a tasks:read token cannot bulk-change (FORBIDDEN)", async () => {
      const { user: owner, caller } = await user();
      const task = await caller.task.create({ title: "Read only" });
      const token = await tokenPrincipal(db(), owner, ["tasks:read"]);
      expect(
        await errorOf(callerFor(db(), token).task.bulk({ ids: [task.id], action: "delete" })),
      ).toMatchObject({
        code: "FORBIDDEN",
      });
      expect((await db().task.findUniqueOrThrow({ where: { id: task.id } })).deletedAt).toBeNull();
    });
  });

  describe("labels", () => {
    it("labels: list gives each label with the number of live tasks using it", async () => {
      const { caller } = await user();
      await caller.task.create({ title: "One", labels: ["work", "home"] });
      const two = await caller.task.create({ title: "Two", labels: ["Work"] });
      await caller.task.create({ title: "Three", labels: ["work"] });
      await caller.task.delete({ id: two.id });
      const labels = await caller.label.list();
      expect(labels.map(({ name, taskCount }) => ({ name, taskCount }))).toEqual([
        { name: "home", taskCount: 1 },
        { name: "work", taskCount: 2 },
      ]);
    });

    it("labels: delete removes the label from the owner's tasks and moves their versions on", async () => {
      const { caller } = await user();
      const task = await caller.task.create({ title: "Tagged", labels: ["temp", "keep"] });
      const temp = (await caller.label.list()).find((l) => l.name === "temp")!;
      await caller.label.delete({ id: temp.id });
      expect(await caller.task.get({ id: task.id })).toMatchObject({
        labels: ["keep"],
        version: 2,
      });
      expect(await db().label.findUnique({ where: { id: temp.id } })).toBeNull();
      expect((await caller.label.list()).map((l) => l.name)).toEqual(["keep"]);
    });

    it("labels: another user's label is NOT_FOUND on delete and stays on their tasks", async () => {
      const a = await user();
      const b = await user();
      const task = await a.caller.task.create({ title: "Tagged", labels: ["mine"] });
      const label = (await a.caller.label.list())[0]!;
      expect(await errorOf(b.caller.label.delete({ id: label.id }))).toMatchObject({
        code: "NOT_FOUND",
      });
      expect(await db().label.findUnique({ where: { id: label.id } })).not.toBeNull();
      expect((await a.caller.task.get({ id: task.id })).labels).toEqual(["mine"]);
      expect(await b.caller.label.list()).toEqual([]);
    });
  });

  describe("export and import", () => {
    const comparable = (t: {
      title: string;
      description: string;
      completed: boolean;
      dueAt: string | null;
      priority: number;
      labels: string[];
      createdAt: string;
    }) => ({
      title: t.title,
      description: t.description,
      completed: t.completed,
      dueAt: t.dueAt,
      priority: t.priority,
      labels: t.labels,
      createdAt: t.createdAt,
    });

    async function seeded() {
      const u = await user();
      await u.caller.task.create({ title: "Plain one" });
      await u.caller.task.create({
        title: "Tricky description",
        description:
          '=HYPERLINK("http://evil.example"), "quoted", commas,\nnew lines; and \'quotes',
        dueAt: "2026-12-01T09:30:00Z",
        priority: 3,
        labels: ["a b", "x-y_z", "été"],
        completed: true,
      });
      await u.caller.task.create({
        title: "Leading dash",
        description: "-1 +1 @me",
        labels: ["-dash"],
      });
      const gone = await u.caller.task.create({ title: "In the trash" });
      await u.caller.task.delete({ id: gone.id });
      return u;
    }

    it.each(["json", "csv"] as const)(
      "tasks: a %s export imported by another user reproduces the same tasks",
      async (format) => {
        const source = await seeded();
        const file = await source.caller.task.export({ format });
        expect(file.filename).toMatch(
          new RegExp(`^taskfort-tasks-\\d{4}-\\d\\d-\\d\\d\\.${format}$`),
        );
        const target = await user();
        const input =
          format === "json"
            ? (JSON.parse(file.content) as { tasks: Record<string, unknown>[] })
            : { csv: file.content };
        expect(await target.caller.task.import(input)).toEqual({ created: 3 });
        const before = (await source.caller.task.list({ ordering: "createdAt" })).items.map(
          comparable,
        );
        const after = (await target.caller.task.list({ ordering: "createdAt" })).items.map(
          comparable,
        );
        expect(after).toEqual(before);
        expect(before).toHaveLength(3);
      },
    );

    it("tasks: the CSV export guards cells a spreadsheet would run as formulas", async () => {
      const source = await seeded();
      const csv = (await source.caller.task.export({ format: "csv" })).content;
      expect(csv.split("\r\n")[0]).toBe(
        "title,description,completed,dueAt,priority,labels,createdAt,id,version,updatedAt",
      );
      expect(csv).toContain(
        `"'=HYPERLINK(""http://evil.example""), ""quoted"", commas,\nnew lines; and 'quotes"`,
      );
      expect(csv).toContain(",'-1 +1 @me,");
      expect(csv).toContain(",'-dash,");
    });

    it("tasks: an import with one bad row creates nothing and names the row and field", async () => {
      const { user: owner, caller } = await user();
      const tasks = [
        { title: "Fine one" },
        { title: "Fine two", labels: ["new label"] },
        { title: "x", priority: 9 },
      ];
      const error = await errorOf(caller.task.import({ tasks }));
      expect(error).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
      expect(error.fields).toEqual({
        "rows.3.title": ["Title must be at least 3 characters long."],
        "rows.3.priority": ["Priority must be a whole number from 0 (none) to 3 (high)."],
      });
      expect(await db().task.count({ where: { ownerId: owner.id } })).toBe(0);
      expect(await db().label.count({ where: { ownerId: owner.id } })).toBe(0);
    });

    it("tasks: a CSV import with a bad row names it the same way; unknown columns and broken quoting are refused", async () => {
      const { user: owner, caller } = await user();
      const csv = "title,priority,labels\r\nGood row,1,a;b\r\nBad row!,2,\r\n";
      expect((await errorOf(caller.task.import({ csv }))).fields).toEqual({
        "rows.2.title": ["Title must be alphanumeric with optional spaces."],
      });
      expect(
        (await errorOf(caller.task.import({ csv: "title,owner\r\nHello there,x\r\n" }))).fields,
      ).toEqual({
        csv: ['Unknown column "owner".'],
      });
      expect(
        (await errorOf(caller.task.import({ csv: 'title\r\n"Open quote\r\n' }))).fields,
      ).toHaveProperty("csv");
      expect(await db().task.count({ where: { ownerId: owner.id } })).toBe(0);
    });

    it("tasks: import takes at most 1,000 tasks, and exactly one of tasks or csv", async () => {
      const { caller } = await user();
      const tasks = Array.from({ length: 1001 }, (_, i) => ({ title: `Task ${i}` }));
      expect((await errorOf(caller.task.import({ tasks }))).fields).toEqual({
        tasks: ["Import at most 1,000 tasks at a time."],
      });
      expect((await errorOf(caller.task.import({}))).fields).toEqual({
        _: ['Send either "tasks" (JSON) or "csv" (CSV text).'],
      });
      expect((await errorOf(caller.task.import({ tasks: [], csv: "title" }))).code).toBe(
        "BAD_REQUEST",
      );
    });

    it("tasks: export lists only the caller's live tasks", async () => {
      const a = await seeded();
      const b = await user();
      await b.caller.task.create({ title: "Not in A export" });
      const json = JSON.parse((await a.caller.task.export({})).content) as {
        tasks: { title: string }[];
      };
      expect(json.tasks.map((t) => t.title)).toEqual([
        "Plain one",
        "Tricky description",
        "Leading dash",
      ]);
    });
  });
});
