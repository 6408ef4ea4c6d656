import type { Prisma } from "@taskfort/db";
import { pageInfo, pageWindow } from "../../schemas/pagination";
import { listTasksInput, listTasksOutput, type TaskOrdering } from "../../schemas/task";
import { protectedProcedure } from "../../trpc";
import { taskSelect, tasksOpenApi, toTask } from "./task-shape";

// id breaks ties, so pages never overlap or skip rows that share a timestamp or title.
const orderings: Record<TaskOrdering, Prisma.TaskOrderByWithRelationInput[]> = {
  createdAt: [{ createdAt: "asc" }, { id: "asc" }],
  "-createdAt": [{ createdAt: "desc" }, { id: "desc" }],
  title: [{ title: "asc" }, { id: "asc" }],
  "-title": [{ title: "desc" }, { id: "desc" }],
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
    const where: Prisma.TaskWhereInput = { ownerId: ctx.user.id };
    if (input.completed !== undefined) where.completed = input.completed;
    if (input.search) {
      // Prisma's `contains` becomes ILIKE '%…%' without escaping, so a search for "%" or
      // "_" would match everything; the user searches for text, not patterns.
      const contains = input.search.replace(/[\\%_]/g, "\\$&");
      where.OR = [
        { title: { contains, mode: "insensitive" } },
        { description: { contains, mode: "insensitive" } },
      ];
    }
    // count and page in one transaction, so total and items describe the same moment.
    const [total, rows] = await ctx.db.$transaction([
      ctx.db.task.count({ where }),
      ctx.db.task.findMany({
        where,
        orderBy: orderings[input.ordering],
        ...pageWindow(input),
        select: taskSelect,
      }),
    ]);
    // A page past the end is an empty page with the real totals, not an error.
    return { items: rows.map(toTask), ...pageInfo(input, total) };
  });
