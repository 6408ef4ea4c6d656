import type { Prisma } from "@taskfort/db";
import { pageInfo, pageWindow } from "../../schemas/pagination";
import { labelKey, listTasksInput, listTasksOutput, type TaskOrdering } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { boundedSearch } from "./search-slot";
import { live, taskSelect, tasksOpenApi, toTask } from "./task-shape";

// id breaks ties, so pages never overlap or skip rows that share a timestamp or title.
// Tasks without a due date come last in both directions: "what is due next" and "what is
// due last" are both about tasks that have a date.
const orderings: Record<TaskOrdering, Prisma.TaskOrderByWithRelationInput[]> = {
  createdAt: [{ createdAt: "asc" }, { id: "asc" }],
  "-createdAt": [{ createdAt: "desc" }, { id: "desc" }],
  title: [{ title: "asc" }, { id: "asc" }],
  "-title": [{ title: "desc" }, { id: "desc" }],
  dueAt: [{ dueAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
  "-dueAt": [{ dueAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
  priority: [{ priority: "asc" }, { createdAt: "desc" }, { id: "desc" }],
  "-priority": [{ priority: "desc" }, { createdAt: "desc" }, { id: "desc" }],
};

export const listTasks = protectedProcedure
  .meta({
    scope: "tasks:read",
    openapi: { method: "GET", path: "/tasks", summary: "List your tasks", ...tasksOpenApi },
  })
  // prefault: a tRPC caller may omit the input and still get every default.
  .input(listTasksInput.prefault({}))
  .output(listTasksOutput)
  .query(async ({ ctx, input }) => {
    const where: Prisma.TaskWhereInput = { ownerId: ctx.user.id, ...live };
    const and: Prisma.TaskWhereInput[] = [];
    if (input.completed !== undefined) where.completed = input.completed;
    if (input.priority !== undefined) where.priority = input.priority;
    if (input.label !== undefined)
      where.labels = { some: { label: { ownerId: ctx.user.id, nameKey: labelKey(input.label) } } };
    if (input.dueBefore !== undefined) and.push({ dueAt: { lt: new Date(input.dueBefore) } });
    if (input.dueAfter !== undefined) and.push({ dueAt: { gte: new Date(input.dueAfter) } });
    if (input.overdue === true) and.push({ completed: false, dueAt: { lt: new Date() } });
    if (input.overdue === false)
      and.push({ OR: [{ completed: true }, { dueAt: null }, { dueAt: { gte: new Date() } }] });
    if (input.search) {
      // Prisma's `contains` becomes ILIKE '%…%' without escaping, so a search for "%" or
      // "_" would match everything; the user searches for text, not patterns.
      const contains = input.search.replace(/[\\%_]/g, "\\$&");
      and.push({
        OR: [
          { title: { contains, mode: "insensitive" } },
          { description: { contains, mode: "insensitive" } },
        ],
      });
    }
    if (and.length) where.AND = and;
    // Count and page as two reads in parallel, not one transaction: a transaction costs two
    // more round trips and holds one connection for all four, which under load was most of
    // a list's time. A write landing between the two reads can make total differ by one
    // from the page, the same as it would a moment later; the next page request corrects it.
    const page = {
      where,
      orderBy: orderings[input.ordering],
      ...pageWindow(input),
      select: taskSelect,
    };
    const [total, rows] = input.search
      ? // A search may be slow (a common word in long descriptions): bounded, see boundedSearch.
        await boundedSearch(ctx.db, async (tx) => [
          await tx.task.count({ where }),
          await tx.task.findMany(page),
        ])
      : await Promise.all([ctx.db.task.count({ where }), ctx.db.task.findMany(page)]);
    // A page past the end is an empty page with the real totals, not an error.
    return { items: rows.map(toTask), ...pageInfo(input, total) };
  });
